// The lineage explorer: one page over the HTTP API of docs/api.md, drawn with cytoscape (vendored).
// Every name from the graph is put into the page as text (textContent), never as markup: a table may be
// called anything.
(function () {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const state = { start: null, level: 'table', expanded: new Set(), pending: 0, impact: null };

  const cy = cytoscape({
    container: $('graph'),
    minZoom: 0.1,
    maxZoom: 3,
    style: [
      { selector: 'node', style: {
        'label': 'data(label)', 'font-size': 11, 'text-valign': 'center', 'text-halign': 'center',
        'shape': 'round-rectangle', 'width': 'label', 'height': 22, 'padding': '6px',
        'background-color': '#ddf4ff', 'border-width': 1, 'border-color': '#54aeff', 'color': '#0b2545' } },
      { selector: 'node.group', style: {
        'label': 'data(label)', 'text-valign': 'top', 'text-halign': 'center', 'font-size': 11,
        'background-color': '#f6f8fa', 'border-color': '#8c959f', 'border-style': 'dashed', 'color': '#57606a' } },
      { selector: 'node.start', style: { 'background-color': '#fff8c5', 'border-color': '#bf8700', 'border-width': 2 } },
      { selector: 'node.impacted', style: { 'background-color': '#ffebe9', 'border-color': '#cf222e', 'border-width': 2 } },
      { selector: 'node:selected', style: { 'border-color': '#0969da', 'border-width': 3 } },
      { selector: 'edge', style: {
        'width': 1.5, 'line-color': '#8c959f', 'target-arrow-color': '#8c959f', 'target-arrow-shape': 'triangle',
        'curve-style': 'bezier', 'font-size': 9, 'color': '#57606a', 'text-background-color': '#fff',
        'text-background-opacity': 0.8, 'text-rotation': 'autorotate' } },
      { selector: 'edge.impacted', style: { 'line-color': '#cf222e', 'target-arrow-color': '#cf222e' } },
      { selector: 'edge:selected', style: {
        'label': 'data(label)', 'line-color': '#0969da', 'target-arrow-color': '#0969da', 'width': 3 } },
    ],
  });

  // ---- the API ----

  async function api(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of params) {
      url.searchParams.append(key, String(value));
    }
    state.pending++;
    try {
      const response = await fetch(url, { headers: { 'Accept': 'application/json' } });
      const body = await response.json();
      if (!response.ok) {
        throw new Error(body.message || ('HTTP ' + response.status));
      }
      return body;
    } finally {
      state.pending--;
    }
  }

  // ---- the graph ----

  function tableOf(column) {
    const dot = column.lastIndexOf('.');
    return dot > 0 ? column.substring(0, dot) : column;
  }

  function lastPart(name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  function addNode(name) {
    if (cy.getElementById(name).nonempty()) {
      return cy.getElementById(name);
    }
    if (state.level === 'column') {
      const table = tableOf(name);
      const groupId = 'table:' + table;
      if (cy.getElementById(groupId).empty()) {
        cy.add({ group: 'nodes', data: { id: groupId, label: table, kind: 'group' }, classes: 'group' });
      }
      return cy.add({ group: 'nodes', data: { id: name, label: lastPart(name), name: name, parent: groupId } });
    }
    return cy.add({ group: 'nodes', data: { id: name, label: name, name: name } });
  }

  function edgeLabel(edge) {
    const file = edge.file || '(unknown file)';
    return edge.lines && edge.lines.length ? file + ':' + edge.lines.join(',') : file;
  }

  function addEdge(edge) {
    const id = edge.source + ' -> ' + edge.target + ' @ ' + (edge.file || '');
    if (cy.getElementById(id).nonempty()) {
      return cy.getElementById(id);
    }
    addNode(edge.source);
    addNode(edge.target);
    return cy.add({ group: 'edges', data: {
      id: id, source: edge.source, target: edge.target, file: edge.file, lines: edge.lines || [], label: edgeLabel(edge) } });
  }

  function addTraversal(traversal) {
    for (const hop of traversal.nodes) {
      addNode(hop.name);
    }
    for (const edge of traversal.edges) {
      addEdge(edge);
    }
    return traversal;
  }

  function layout() {
    const options = state.level === 'column'
      ? { name: 'cose', animate: false, nodeDimensionsIncludeLabels: true, padding: 30, randomize: false }
      : { name: 'breadthfirst', directed: true, animate: false, spacingFactor: 1.2, padding: 30 };
    cy.layout(options).run();
  }

  function directions() {
    const d = $('direction').value;
    return d === 'both' ? ['upstream', 'downstream'] : [d];
  }

  async function expand(name, depth) {
    const params = [['name', name], ['depth', depth]];
    if (state.level === 'column') {
      params.push(['columns', 'true']);
    }
    const answers = await Promise.all(directions().map((d) => api('/api/' + d, params)));
    let truncated = false;
    for (const traversal of answers) {
      addTraversal(traversal);
      truncated = truncated || traversal.truncated;
    }
    state.expanded.add(name);
    return truncated;
  }

  // ---- views ----

  function setStatus(text, isError) {
    const status = $('status');
    status.textContent = text;
    status.className = isError ? 'error' : '';
  }

  function clear(element) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
  }

  function element(tag, text, className) {
    const e = document.createElement(tag);
    if (text !== undefined) {
      e.textContent = text;
    }
    if (className) {
      e.className = className;
    }
    return e;
  }

  function nameLink(name) {
    const a = element('a', name, 'name');
    a.href = '#';
    a.addEventListener('click', (event) => {
      event.preventDefault();
      $('search').value = name;
      show(name);
    });
    return a;
  }

  async function show(name) {
    const start = name.trim().toLowerCase();
    if (!start) {
      return;
    }
    state.level = $('level').value;
    state.start = start;
    state.expanded = new Set();
    state.impact = null;
    $('impact-view').hidden = true;
    $('details').hidden = true;
    cy.elements().remove();
    setStatus('Loading ' + start + ' …');
    try {
      const truncated = await expand(start, Number($('depth').value));
      if (cy.getElementById(start).empty() && state.level === 'table') {
        addNode(start);
      }
      cy.getElementById(start).addClass('start');
      layout();
      cy.fit(undefined, 30);
      const count = cy.nodes().not('.group').length;
      setStatus(start + ': ' + count + ' ' + (state.level === 'column' ? 'columns' : 'tables')
        + (truncated ? ' (truncated at the result bound)' : ''));
      $('impact').disabled = false;
      history.replaceState(null, '', '#' + encodeURIComponent(state.level) + ':' + encodeURIComponent(start));
    } catch (e) {
      setStatus(e.message, true);
      $('impact').disabled = true;
    }
  }

  async function expandNode(node) {
    const name = node.data('name');
    if (!name || state.expanded.has(name)) {
      return;
    }
    setStatus('Expanding ' + name + ' …');
    try {
      const before = cy.nodes().length;
      await expand(name, 1);
      if (cy.nodes().length !== before) {
        layout();
      }
      setStatus(name + ' expanded: ' + cy.nodes().not('.group').length + ' nodes');
    } catch (e) {
      setStatus(e.message, true);
    }
  }

  async function showNodeDetails(node) {
    const name = node.data('name');
    if (!name) {
      return;
    }
    $('details-title').textContent = name;
    const body = $('details-body');
    clear(body);
    $('details').hidden = false;
    if (state.level !== 'table') {
      body.appendChild(element('p', 'column of ' + tableOf(name)));
      return;
    }
    try {
      const files = await api('/api/files', [['table', name]]);
      for (const [title, list] of [['written by', files.writers], ['read by', files.readers]]) {
        body.appendChild(element('h3', title));
        const ul = element('ul');
        for (const f of list.length ? list : ['(no file)']) {
          ul.appendChild(element('li', f));
        }
        body.appendChild(ul);
      }
    } catch (e) {
      body.appendChild(element('p', e.message));
    }
  }

  function showEdgeDetails(edge) {
    $('details-title').textContent = edge.data('source') + ' → ' + edge.data('target');
    const body = $('details-body');
    clear(body);
    const p = element('p');
    p.appendChild(document.createTextNode('created by '));
    p.appendChild(element('code', edge.data('file') || '(unknown file)', 'edge-file'));
    const lines = edge.data('lines');
    p.appendChild(document.createTextNode(lines.length ? ' at line ' : ' (line not recorded)'));
    if (lines.length) {
      p.appendChild(element('code', lines.join(', '), 'edge-lines'));
    }
    body.appendChild(p);
    $('details').hidden = false;
  }

  async function showImpact() {
    if (!state.start) {
      return;
    }
    setStatus('Impact of ' + state.start + ' …');
    try {
      const impact = await api('/api/impact', [['name', state.start], ['depth', 20]]);
      state.impact = impact;
      const edges = state.level === 'column' ? impact.columnEdges : impact.tableEdges;
      const hops = state.level === 'column' ? impact.columns : impact.tables;
      for (const edge of edges) {
        addEdge(edge).addClass('impacted');
      }
      for (const hop of hops) {
        addNode(hop.name).addClass('impacted');
      }
      layout();
      cy.fit(undefined, 30);
      renderImpact(impact);
      setStatus('Impact of ' + state.start + ': ' + impact.tables.length + ' tables, ' + impact.columns.length
        + ' columns, ' + impact.files.length + ' files' + (impact.truncated ? ' (truncated)' : ''));
    } catch (e) {
      setStatus(e.message, true);
    }
  }

  function renderImpact(impact) {
    $('impact-title').textContent = 'Impact of ' + impact.starts.join(', ');
    const body = $('impact-body');
    clear(body);
    for (const [title, hops, id] of [['Tables', impact.tables, 'impact-tables'], ['Columns', impact.columns, 'impact-columns']]) {
      body.appendChild(element('h3', title + ' (' + hops.length + ')'));
      const ul = element('ul');
      ul.id = id;
      for (const hop of hops) {
        const li = element('li');
        li.appendChild(nameLink(hop.name));
        li.appendChild(element('span', ' ' + hop.distance + ' hop' + (hop.distance === 1 ? '' : 's'), 'distance'));
        ul.appendChild(li);
      }
      body.appendChild(ul);
    }
    body.appendChild(element('h3', 'Files (' + impact.files.length + ')'));
    const ul = element('ul');
    ul.id = 'impact-files';
    for (const file of impact.files) {
      const li = element('li');
      li.appendChild(element('code', file.file + (file.lines.length ? ':' + file.lines.join(',') : '')));
      if (file.writes.length) {
        li.appendChild(element('span', ' writes ' + file.writes.join(', '), 'distance'));
      } else if (file.reads.length) {
        li.appendChild(element('span', ' reads ' + file.reads.join(', '), 'distance'));
      }
      ul.appendChild(li);
    }
    body.appendChild(ul);
    $('impact-view').hidden = false;
  }

  // ---- search ----

  let searchTimer = null;
  let searchSeq = 0;

  async function search(prefix) {
    const seq = ++searchSeq;
    const list = $('search-results');
    const matches = $('match-list');
    if (!prefix.trim()) {
      clear(list);
      clear(matches);
      $('matches').hidden = true;
      return;
    }
    try {
      const result = await api('/api/search', [['q', prefix.trim()], ['limit', 20]]);
      if (seq !== searchSeq) {
        return;
      }
      clear(list);
      clear(matches);
      for (const match of result.matches) {
        const option = element('option');
        option.value = match.name;
        option.label = match.kind;
        list.appendChild(option);
        const li = element('li');
        li.appendChild(nameLink(match.name));
        li.appendChild(element('span', ' ' + match.kind, 'distance'));
        matches.appendChild(li);
      }
      $('matches').hidden = result.matches.length === 0;
    } catch (e) {
      setStatus(e.message, true);
    }
  }

  // ---- wiring ----

  $('search').addEventListener('input', (event) => {
    clearTimeout(searchTimer);
    const value = event.target.value;
    searchTimer = setTimeout(() => search(value), 150);
  });
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    show($('search').value);
  });
  $('level').addEventListener('change', () => state.start && show(state.start));
  $('direction').addEventListener('change', () => state.start && show(state.start));
  $('depth').addEventListener('change', () => state.start && show(state.start));
  $('impact').addEventListener('click', showImpact);
  $('fit').addEventListener('click', () => cy.fit(undefined, 30));
  cy.on('tap', 'node', (event) => {
    const node = event.target;
    if (node.hasClass('group')) {
      return;
    }
    showNodeDetails(node);
    expandNode(node);
  });
  cy.on('tap', 'edge', (event) => showEdgeDetails(event.target));

  const hash = decodeURIComponent(window.location.hash.substring(1));
  if (hash.includes(':')) {
    const level = hash.substring(0, hash.indexOf(':'));
    $('level').value = level === 'column' ? 'column' : 'table';
    $('search').value = hash.substring(hash.indexOf(':') + 1);
    show($('search').value);
  }

  // For the browser tests and the curious: what the graph shows, and whether requests are in flight.
  window.explorer = {
    idle: () => state.pending === 0,
    nodes: () => cy.nodes().not('.group').map((n) => n.id()).sort(),
    edges: () => cy.edges().map((e) => ({ source: e.data('source'), target: e.data('target'), file: e.data('file'), lines: e.data('lines') })),
    position: (id) => {
      const element = cy.getElementById(id);
      if (element.empty()) {
        return null;
      }
      const p = element.isEdge() ? element.renderedMidpoint() : element.renderedPosition();
      return { x: p.x, y: p.y, width: cy.width(), height: cy.height() };
    },
    level: () => state.level,
  };
})();
