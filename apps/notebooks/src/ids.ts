/** The curriculum's notebooks, and matching a short name (`c3`) to one. */

/** The ids of the five curriculum notebooks (files `notebooks/<id>.md`), in course order. */
export const notebookIds = ['c1-tensors', 'c2-kinds', 'c3-eager', 'c4-networks', 'c5-quiz'] as const;

/** One of {@link notebookIds}. */
export type NotebookId = (typeof notebookIds)[number];

/**
 * The notebook id a short or full name means: `c3`, `C3`, `c3-eager` and `c3-eager.md` all give `c3-eager`.
 * @param name - what the user typed.
 * @returns the matching id from {@link notebookIds}.
 * @throws when no notebook or more than one matches, naming the ids.
 */
export function resolveNotebookId(name: string): NotebookId {
  const key = name.toLowerCase().replace(/\.md$/, '');
  const hits = notebookIds.filter((id) => id === key || id.startsWith(`${key}-`));
  if (hits.length !== 1) throw new Error(`notebook: '${name}' matches ${hits.length ? hits.join(', ') : 'no notebook'}; the notebooks are ${notebookIds.join(', ')}`);
  return hits[0];
}
