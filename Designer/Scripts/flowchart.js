// The bundle designer's flowchart canvas on @antv/x6. The C# editor owns the bundle; this module only
// draws what it is given and reports what the designer did (select, connect, disconnect, move, drop).
import { Graph, Selection, Snapline, Keyboard } from '@antv/x6';

const graphs = new Map();
let nextId = 1;

const NODE_WIDTH = 210;
const NODE_HEIGHT = 60;

const ports = {
  groups: {
    in: { position: 'top', attrs: { circle: { r: 6, magnet: 'passive', stroke: '#1565c0', strokeWidth: 2, fill: '#fff' } } },
    out: { position: 'bottom', attrs: { circle: { r: 6, magnet: true, stroke: '#b71c1c', strokeWidth: 2, fill: '#fff' } } },
  },
  items: [{ id: 'in', group: 'in' }, { id: 'out', group: 'out' }],
};

const WARNING_WIDTH = 76;
const WARNING_HEIGHT = 18;

function nodeOf(n) {
  const stroke = n.problem ? '#d32f2f' : n.selected ? '#b71c1c' : '#90a4ae';
  const node = {
    id: n.id,
    shape: 'rect',
    x: n.x,
    y: n.y,
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    ports,
    data: { stepId: n.id },
    markup: [
      { tagName: 'rect', selector: 'body' },
      { tagName: 'text', selector: 'heading' },
      { tagName: 'text', selector: 'detail' },
    ],
    attrs: {
      body: { refWidth: '100%', refHeight: '100%', rx: 6, ry: 6, fill: n.problem ? '#ffebee' : n.selected ? '#fff3e0' : '#ffffff', stroke, strokeWidth: n.selected || n.problem ? 2.5 : 1.5 },
      heading: { text: n.title, refX: 0.5, refY: 20, textAnchor: 'middle', textVerticalAnchor: 'middle', fontSize: 14, fontWeight: 600, fill: '#263238', textWrap: { width: NODE_WIDTH - 16, height: 20, ellipsis: true } },
      detail: { text: n.subtitle, refX: 0.5, refY: 42, textAnchor: 'middle', textVerticalAnchor: 'middle', fontSize: 11, fill: '#607d8b' },
    },
  };
  if (n.warning) {
    // A risk of the step (无法查重) as a chip on the node's top edge; its tooltip says what it means.
    node.markup.push({ tagName: 'rect', selector: 'warningChip' }, { tagName: 'text', selector: 'warning' });
    node.attrs.warningChip = { x: NODE_WIDTH - WARNING_WIDTH - 6, y: -WARNING_HEIGHT / 2, width: WARNING_WIDTH, height: WARNING_HEIGHT, rx: 9, ry: 9, fill: '#fff3e0', stroke: '#ef6c00', strokeWidth: 1, title: n.warningTip || n.warning };
    node.attrs.warning = { text: `⚠ ${n.warning}`, refX: NODE_WIDTH - WARNING_WIDTH / 2 - 6, refY: 0, textAnchor: 'middle', textVerticalAnchor: 'middle', fontSize: 11, fill: '#e65100', pointerEvents: 'none', 'data-testid': 'node-warning' };
  }
  return node;
}

function edgeOf(e) {
  return {
    id: `${e.source}->${e.target}`,
    shape: 'edge',
    source: { cell: e.source, port: 'out' },
    target: { cell: e.target, port: 'in' },
    attrs: { line: { stroke: '#607d8b', strokeWidth: 1.5, targetMarker: { name: 'block', width: 10, height: 8 } } },
    router: { name: 'manhattan', args: { padding: 12 } },
    connector: { name: 'rounded' },
    data: { source: e.source, target: e.target },
  };
}

export function create(element, dotnet) {
  const graph = new Graph({
    container: element,
    autoResize: true,
    grid: { visible: true, size: 10 },
    panning: { enabled: true, eventTypes: ['leftMouseDown'] },
    mousewheel: { enabled: true, modifiers: ['ctrl', 'meta'] },
    connecting: {
      allowBlank: false,
      allowLoop: false,
      allowNode: false,
      allowEdge: false,
      allowMulti: false,
      highlight: true,
      snap: { radius: 30 },
      router: { name: 'manhattan' },
      connector: { name: 'rounded' },
      createEdge() {
        return this.createEdge({ shape: 'edge', attrs: { line: { stroke: '#607d8b', strokeWidth: 1.5, targetMarker: { name: 'block', width: 10, height: 8 } } } });
      },
      validateConnection({ sourcePort, targetPort, sourceCell, targetCell }) {
        return sourcePort === 'out' && targetPort === 'in' && sourceCell !== targetCell;
      },
    },
  });
  graph.use(new Selection({ enabled: true, multiple: false, showNodeSelectionBox: false }));
  graph.use(new Snapline({ enabled: true }));
  graph.use(new Keyboard({ enabled: true, global: false }));

  const state = { graph, dotnet, rendering: false, element };
  const id = nextId++;
  graphs.set(id, state);

  graph.on('node:click', ({ node }) => dotnet.invokeMethodAsync('OnNodeSelected', node.id));
  graph.on('blank:click', () => dotnet.invokeMethodAsync('OnNodeSelected', null));
  graph.on('node:moved', ({ node }) => {
    const p = node.position();
    dotnet.invokeMethodAsync('OnNodeMoved', node.id, p.x, p.y);
  });
  graph.on('edge:connected', ({ edge, isNew }) => {
    if (state.rendering || !isNew) return;
    const source = edge.getSourceCellId();
    const target = edge.getTargetCellId();
    // The C# editor decides (it refuses cycles) and redraws; the edge drawn by hand is replaced.
    edge.remove({ silent: true });
    dotnet.invokeMethodAsync('OnConnected', source, target);
  });
  graph.on('edge:mouseenter', ({ edge }) => {
    edge.addTools([{ name: 'button-remove', args: { distance: '50%' } }]);
  });
  graph.on('edge:mouseleave', ({ edge }) => edge.removeTools());
  graph.on('edge:removed', ({ edge, options }) => {
    if (state.rendering || options?.silent) return;
    const d = edge.getData() || {};
    if (d.source && d.target) dotnet.invokeMethodAsync('OnDisconnected', d.source, d.target);
  });
  graph.bindKey(['ctrl+z', 'meta+z'], () => { dotnet.invokeMethodAsync('OnUndo'); return false; });
  graph.bindKey(['ctrl+y', 'meta+shift+z'], () => { dotnet.invokeMethodAsync('OnRedo'); return false; });

  // Palette items are plain HTML; they are dragged onto the canvas with the browser's drag and drop.
  element.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  element.addEventListener('drop', (e) => {
    e.preventDefault();
    const action = e.dataTransfer.getData('application/x-rpa-action') || e.dataTransfer.getData('text/plain');
    if (!action) return;
    const p = graph.clientToLocal(e.clientX, e.clientY);
    dotnet.invokeMethodAsync('OnPaletteDrop', action, p.x - NODE_WIDTH / 2, p.y - NODE_HEIGHT / 2);
  });
  return id;
}

export function render(id, model) {
  const state = graphs.get(id);
  if (!state) return;
  state.rendering = true;
  try {
    state.graph.fromJSON({ cells: [...model.nodes.map(nodeOf), ...model.edges.map(edgeOf)] });
  } finally {
    state.rendering = false;
  }
}

export function zoomToFit(id) {
  const state = graphs.get(id);
  state?.graph.zoomToFit({ padding: 30, maxScale: 1 });
}

// The part of the canvas in view, in canvas coordinates, with the node size: a new step is placed inside it.
export function view(id) {
  const state = graphs.get(id);
  if (!state) return null;
  const area = state.graph.getGraphArea();
  return { x: area.x, y: area.y, width: area.width, height: area.height, nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT };
}

export function centerOn(id, stepId) {
  const state = graphs.get(id);
  const cell = state?.graph.getCellById(stepId);
  if (cell) state.graph.centerCell(cell);
}

export function dispose(id) {
  const state = graphs.get(id);
  if (!state) return;
  graphs.delete(id);
  state.graph.dispose();
}

// Set the dragged action once for every palette item on the page.
if (!window.__rpaPaletteDrag) {
  window.__rpaPaletteDrag = true;
  document.addEventListener('dragstart', (e) => {
    const item = e.target.closest?.('[data-palette-action]');
    if (!item) return;
    e.dataTransfer.setData('application/x-rpa-action', item.dataset.paletteAction);
    e.dataTransfer.setData('text/plain', item.dataset.paletteAction);
    e.dataTransfer.effectAllowed = 'copy';
  });
}
