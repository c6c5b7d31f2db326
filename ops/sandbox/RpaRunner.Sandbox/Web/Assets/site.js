// Legacy behaviours of the sandbox pages: collapsible menus, pop-up calendar, confirm modal, announcement.
(function () {
  'use strict';
  function pad(n) { return (n < 10 ? '0' : '') + n; }

  function toggleMenu(e) {
    e.preventDefault();
    var list = this.nextElementSibling;
    var open = list.style.display === 'none';
    document.querySelectorAll('[data-menu-toggle]').forEach(function (other) {
      if (other !== this && other.closest('.nav-menu')) { other.nextElementSibling.style.display = 'none'; }
    }, this);
    list.style.display = open ? 'block' : 'none';
    var mark = this.querySelector('.tree-mark');
    if (mark) { mark.textContent = open ? '-' : '+'; }
  }

  var picker = null;
  function closePicker() { if (picker) { picker.remove(); picker = null; } }

  function openPicker(input) {
    closePicker();
    var value = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.value);
    var today = new Date();
    var year = value ? +value[1] : today.getFullYear();
    var month = value ? +value[2] - 1 : today.getMonth();
    picker = document.createElement('div');
    picker.className = 'dp';
    picker.setAttribute('role', 'dialog');
    picker.setAttribute('aria-label', '日期选择');
    var rect = input.getBoundingClientRect();
    picker.style.left = (rect.left + window.scrollX) + 'px';
    picker.style.top = (rect.bottom + window.scrollY + 2) + 'px';
    document.body.appendChild(picker);
    render();

    function render() {
      var html = '<div><select aria-label="年" class="dp-year">';
      for (var y = today.getFullYear() + 10; y >= 1900; y--) { html += '<option value="' + y + '"' + (y === year ? ' selected' : '') + '>' + y + '年</option>'; }
      html += '</select> <select aria-label="月" class="dp-month">';
      for (var m = 0; m < 12; m++) { html += '<option value="' + m + '"' + (m === month ? ' selected' : '') + '>' + (m + 1) + '月</option>'; }
      html += '</select></div><table><tr><th>日</th><th>一</th><th>二</th><th>三</th><th>四</th><th>五</th><th>六</th></tr><tr>';
      var first = new Date(year, month, 1).getDay();
      var days = new Date(year, month + 1, 0).getDate();
      for (var i = 0; i < first; i++) { html += '<td></td>'; }
      for (var d = 1; d <= days; d++) {
        html += '<td><a href="javascript:void(0)" data-day="' + d + '">' + d + '</a></td>';
        if ((first + d) % 7 === 0) { html += '</tr><tr>'; }
      }
      html += '</tr></table><div class="dp-foot"><button type="button" data-dp-clear>清空</button> <button type="button" data-dp-today>今天</button></div>';
      picker.innerHTML = html;
      picker.querySelector('.dp-year').onchange = function () { year = +this.value; render(); };
      picker.querySelector('.dp-month').onchange = function () { month = +this.value; render(); };
      picker.querySelectorAll('[data-day]').forEach(function (a) {
        a.onclick = function () { input.value = year + '-' + pad(month + 1) + '-' + pad(+a.getAttribute('data-day')); closePicker(); };
      });
      picker.querySelector('[data-dp-clear]').onclick = function () { input.value = ''; closePicker(); };
      picker.querySelector('[data-dp-today]').onclick = function () {
        input.value = today.getFullYear() + '-' + pad(today.getMonth() + 1) + '-' + pad(today.getDate()); closePicker();
      };
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-menu-toggle]').forEach(function (a) { a.addEventListener('click', toggleMenu); });
    document.querySelectorAll('input[data-dp]').forEach(function (input) {
      input.addEventListener('click', function (e) { e.stopPropagation(); openPicker(input); });
    });
    document.addEventListener('click', function (e) { if (picker && !picker.contains(e.target)) { closePicker(); } });

    var modal = document.querySelector('[data-modal]');
    document.querySelectorAll('[data-confirm]').forEach(function (button) {
      button.addEventListener('click', function () { modal.style.display = 'flex'; });
    });
    if (modal) {
      modal.querySelector('[data-modal-cancel]').addEventListener('click', function () { modal.style.display = 'none'; });
      modal.querySelector('[data-modal-ok]').addEventListener('click', function () {
        var form = document.querySelector('form[method=post]');
        var nav = document.createElement('input');
        nav.type = 'hidden'; nav.name = '__nav'; nav.value = 'submit';
        form.appendChild(nav);
        modal.style.display = 'none';
        form.submit();
      });
    }

    // A check box that unlocks controls (更正项目, 核对确认): data-enable lists their ids.
    document.querySelectorAll('input[type=checkbox][data-enable]').forEach(function (box) {
      function apply() {
        box.getAttribute('data-enable').split(' ').forEach(function (id) {
          var control = document.getElementById(id);
          if (control) { control.disabled = !box.checked; }
        });
      }
      box.addEventListener('change', apply);
      apply();
    });

    document.querySelectorAll('[data-announce-close]').forEach(function (b) {
      b.addEventListener('click', function () { b.closest('[data-announce]').remove(); });
    });
  });
})();
