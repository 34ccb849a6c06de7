/** A tiny element builder: `h('div', { class: 'x', onclick }, child, 'text')`. */
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

/** A `<select>` of `options` ([value, label] pairs) with `value` selected. */
export function select(id: string, options: readonly (readonly [string, string])[], value: string, onchange: (v: string) => void): HTMLSelectElement {
  const s = h('select', { id, 'data-testid': id, onchange: () => onchange(s.value) });
  for (const [v, label] of options) s.append(h('option', { value: v }, label));
  s.value = value;
  return s;
}

/** A labelled control block. */
export function field(label: string, control: Node, forId?: string): HTMLElement {
  return h('div', { class: 'field' }, h('label', forId ? { for: forId } : {}, label), control);
}
