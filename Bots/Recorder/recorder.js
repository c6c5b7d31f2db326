// RpaRunner's recorder, injected into every page of the target system while a designer records a bot script.
// It only observes: each click, typed value, choice and tick is reported to the recorder session, which turns it into
// a script step. Its own toolbar lives in a shadow root under one host element, so nothing of it is ever a target.
(() => {
  if (window.top !== window || window.__rpaRecorderLoaded) return;
  window.__rpaRecorderLoaded = true;
  const send = (message) => window.__rpaRecorder(JSON.stringify(message)).then((answer) => JSON.parse(answer));

  let host = null, ui = null, mode = null, state = { phase: 'create', choices: [], outputs: [] };

  const clean = (text, max) => {
    const t = (text || '').replace(/\s+/g, ' ').trim();
    return t.length === 0 || (max && t.length > max) ? null : t;
  };
  const textOf = (ids) => clean((ids || '').split(/\s+/).map((id) => document.getElementById(id)?.innerText || '').join(' '));

  const labelOf = (el) => {
    if (el.getAttribute('aria-label')) return clean(el.getAttribute('aria-label'));
    if (el.getAttribute('aria-labelledby')) return textOf(el.getAttribute('aria-labelledby'));
    if (el.labels && el.labels.length > 0) return clean(el.labels[0].innerText);
    return null;
  };

  const roleOf = (el) => {
    const explicit = el.getAttribute('role');
    if (explicit) return explicit;
    const tag = el.tagName.toLowerCase(), type = (el.getAttribute('type') || 'text').toLowerCase();
    if (tag === 'button' || (tag === 'input' && ['submit', 'button', 'reset', 'image'].includes(type))) return 'button';
    if (tag === 'a' && el.hasAttribute('href')) return 'link';
    if (tag === 'input' && (type === 'checkbox' || type === 'radio')) return type;
    if (tag === 'select') return el.multiple ? 'listbox' : 'combobox';
    if (tag === 'textarea' || tag === 'input') return 'textbox';
    if (tag === 'td') return 'cell';
    return null;
  };

  const uniqueId = (el) => {
    if (!el.id) return null;
    try { return document.querySelectorAll('#' + CSS.escape(el.id)).length === 1 ? el.id : null; } catch { return null; }
  };

  const describe = (el) => {
    const tag = el.tagName.toLowerCase();
    const label = labelOf(el);
    const role = roleOf(el);
    const buttonText = tag === 'input' ? el.value : el.innerText;
    const before = el.previousElementSibling;
    return {
      tag,
      type: tag === 'input' ? (el.getAttribute('type') || 'text').toLowerCase() : null,
      id: uniqueId(el),
      label,
      role,
      name: label || clean(role === 'button' || role === 'link' ? buttonText : null, 40) || clean(el.getAttribute('title')),
      testId: el.getAttribute('data-testid'),
      text: tag === 'input' || tag === 'select' || tag === 'textarea' ? null : clean(el.innerText, 40),
      labelBefore: before ? clean(before.innerText, 40) : null,
    };
  };

  const ours = (event) => host !== null && event.composedPath().includes(host);
  const textLike = (el) => (el.tagName === 'INPUT' && !['checkbox', 'radio', 'submit', 'button', 'reset', 'image', 'file', 'hidden'].includes((el.type || '').toLowerCase())) || el.tagName === 'TEXTAREA';

  const report = async (kind, el, extra) => {
    const answer = await send({ op: 'event', event: Object.assign({ kind, url: location.href, element: describe(el) }, extra || {}) });
    if (answer && !answer.ignored) show(answer);
  };

  // Marking (an output, the search's "found") takes the click away from the page.
  window.addEventListener('click', (event) => {
    if (ours(event)) return;
    const el = event.target.closest('button, a, input, select, textarea, label, [role=button], [role=link], [onclick], td, dd, span, div') || event.target;
    if (mode === 'output' || mode === 'found') {
      event.preventDefault();
      event.stopImmediatePropagation();
      const kind = mode;
      setMode(null);
      report(kind, event.target.closest('td, dd, span, div, a, button, p, li, strong') || event.target);
      return;
    }

    if (el.tagName === 'LABEL' && el.control) return;
    if (el.tagName === 'SELECT' || textLike(el) || (el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(el.type))) return;
    const commit = mode === 'commit';
    if (commit) setMode(null);
    report('click', el, { commit });
  }, true);

  // Enter in a field submits many a legacy form: the value is recorded first, then the key (its change comes after).
  const typed = new WeakMap();
  window.addEventListener('keydown', (event) => {
    if (ours(event) || event.key !== 'Enter' || !textLike(event.target) || event.target.tagName === 'TEXTAREA') return;
    typed.set(event.target, event.target.value);
    report('fill', event.target, { value: event.target.type === 'password' ? '' : event.target.value });
    report('press', event.target, { value: 'Enter' });
  }, true);

  window.addEventListener('change', (event) => {
    if (ours(event)) return;
    const el = event.target;
    if (typed.get(el) === el.value) return;
    if (el.tagName === 'SELECT') {
      report('select', el, { value: el.value, optionText: clean(el.selectedOptions[0]?.text) });
    } else if (el.tagName === 'INPUT' && ['checkbox', 'radio'].includes(el.type)) {
      if (el.checked) report('check', el);
    } else if (textLike(el)) {
      report('fill', el, { value: el.type === 'password' ? '' : el.value });
    }
  }, true);

  const setMode = (next) => {
    mode = next;
    if (!ui) return;
    ui.querySelectorAll('[data-mode]').forEach((b) => b.classList.toggle('on', b.dataset.mode === mode));
    ui.querySelector('.hint').textContent = mode === 'output' ? '点击显示输出值的元素 / click the element that shows the output'
      : mode === 'found' ? '点击表示“已找到记录”的元素 / click what shows the record was found'
      : mode === 'commit' ? '下一次点击是提交点 / the next click is the commit point' : '';
  };

  const option = (value, text, selected) => {
    const o = document.createElement('option');
    o.value = value; o.textContent = text; o.selected = selected;
    return o;
  };

  // One row per recorded step (all pages): what was done, and for a value or an output, the pick.
  const show = (entry) => {
    const list = ui.querySelector('.entries');
    let row = list.querySelector(`[data-seq="${entry.seq}"]`);
    if (!row) {
      row = document.createElement('div');
      row.className = 'entry';
      row.dataset.seq = entry.seq;
      row.dataset.kind = entry.kind;
      row.dataset.field = entry.field || '';
      list.appendChild(row);
    }
    row.textContent = '';
    const what = document.createElement('span');
    what.className = 'what';
    what.textContent = `${entry.seq}. ${entry.kind} ${entry.field || ''}${entry.value ? ' = ' + entry.value : ''}`;
    row.appendChild(what);
    if (entry.kind === 'fill' || entry.kind === 'select' || entry.kind === 'output') {
      const pick = document.createElement('select');
      pick.dataset.seq = entry.seq;
      if (entry.kind === 'output') {
        state.outputs.forEach((o) => pick.appendChild(option(o.id, `${o.label}（${o.id}）`, o.id === entry.choice)));
      } else {
        pick.appendChild(option('', '保留原值 / keep as typed', !entry.choice));
        state.choices.forEach((c) => pick.appendChild(option(c.placeholder, `${c.label} {{${c.placeholder}}}`, c.placeholder === entry.choice)));
      }
      pick.addEventListener('change', () => send({ op: 'assign', seq: entry.seq, choice: pick.value }));
      row.appendChild(pick);
    }
    ui.querySelector('.count').textContent = `${entry.total} 项 / items`;
  };

  const build = async () => {
    state = await send({ op: 'hello', url: location.href });
    host = document.createElement('rpa-recorder');
    host.id = 'rpa-recorder';
    host.style.cssText = 'position:fixed;right:8px;bottom:8px;z-index:2147483647;';
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `
      <style>
        .bar { font: 13px/1.4 sans-serif; background: #1f2937; color: #f9fafb; border-radius: 6px; padding: 8px; width: 360px; box-shadow: 0 2px 10px rgba(0,0,0,.4); }
        .title { font-weight: bold; margin-bottom: 6px; } .phase { color: #fbbf24; }
        button { font: inherit; margin: 2px; padding: 3px 6px; border: 1px solid #6b7280; background: #374151; color: #f9fafb; border-radius: 4px; cursor: pointer; }
        button.on { background: #b45309; } button.finish { background: #047857; }
        .hint { color: #fde68a; min-height: 1em; margin: 4px 0; }
        .entries { max-height: 220px; overflow: auto; background: #111827; padding: 4px; border-radius: 4px; }
        .entry { display: flex; justify-content: space-between; gap: 6px; padding: 2px 0; border-bottom: 1px solid #374151; }
        .what { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; } select { max-width: 170px; }
        .count { color: #9ca3af; }
      </style>
      <div class="bar" role="toolbar" aria-label="RpaRunner 录制器">
        <div class="title">RpaRunner 录制 · <span class="action"></span> · <span class="phase"></span> · <span class="count"></span></div>
        <div>
          <button data-mode="output" title="Mark output">标记输出</button>
          <button data-mode="commit" title="Mark the commit point">标记提交点</button>
          <button class="search" title="Record the search">录制查询</button>
          <button data-mode="found" class="found" title="Mark found">标记已找到</button>
          <button class="finish" title="Finish">完成</button>
        </div>
        <div class="hint"></div>
        <div class="entries"></div>
      </div>`;
    ui = root;
    root.querySelector('.action').textContent = state.action;
    root.querySelector('.phase').textContent = state.phaseLabel;
    root.querySelector('.count').textContent = `${state.total} 项 / items`;
    root.querySelector('.found').style.display = state.phase === 'search' ? '' : 'none';
    root.querySelectorAll('[data-mode]').forEach((b) => b.addEventListener('click', () => setMode(mode === b.dataset.mode ? null : b.dataset.mode)));
    root.querySelector('.search').addEventListener('click', async () => {
      state = await send({ op: 'phase', phase: 'search' });
      root.querySelector('.phase').textContent = state.phaseLabel;
      root.querySelector('.found').style.display = '';
      root.querySelector('.hint').textContent = '打开查询页，按综窗受理编号查询 / open the search page and look the record up by its key';
    });
    root.querySelector('.finish').addEventListener('click', async () => {
      const answer = await send({ op: 'finish' });
      root.querySelector('.hint').textContent = answer.message;
    });
    document.documentElement.appendChild(host);
    (state.entries || []).forEach(show);
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', build); else build();
})();
