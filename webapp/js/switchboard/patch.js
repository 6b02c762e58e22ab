/** RFC 6902 JSON Patch, applied to a copy: what `patched` frames carry (docs/protocol.md, State documents). */

export function applyPatch(doc, ops) {
  let root = structuredClone(doc);
  for (const op of ops) root = applyOp(root, op);
  return root;
}

function tokens(pointer) {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`bad JSON pointer ${pointer}`);
  return pointer.slice(1).split('/').map(t => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function get(root, path) {
  let node = root;
  for (const t of tokens(path)) {
    if (node === null || typeof node !== 'object' || !(t in node)) throw new Error(`no value at ${path}`);
    node = node[t];
  }
  return node;
}

/** The parent container of `path` and the last token (array index `-` means the end). */
function parentOf(root, path) {
  const ts = tokens(path);
  const key = ts.pop();
  let parent = root;
  for (const t of ts) parent = parent?.[t];
  if (parent === null || typeof parent !== 'object') throw new Error(`no parent for ${path}`);
  return [parent, key];
}

function add(root, path, value) {
  if (path === '') return value;
  const [parent, key] = parentOf(root, path);
  if (Array.isArray(parent)) parent.splice(key === '-' ? parent.length : Number(key), 0, value);
  else parent[key] = value;
  return root;
}

function remove(root, path) {
  const [parent, key] = parentOf(root, path);
  if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete parent[key];
  return root;
}

function applyOp(root, { op, path, from, value }) {
  switch (op) {
    case 'add': return add(root, path, structuredClone(value));
    case 'remove': return remove(root, path);
    case 'replace': return path === '' ? structuredClone(value) : add(remove(root, path), path, structuredClone(value));
    case 'move': { const v = get(root, from); return add(remove(root, from), path, v); }
    case 'copy': return add(root, path, structuredClone(get(root, from)));
    case 'test':
      if (JSON.stringify(get(root, path)) !== JSON.stringify(value)) throw new Error(`test failed at ${path}`);
      return root;
    default: throw new Error(`unknown patch op ${op}`);
  }
}
