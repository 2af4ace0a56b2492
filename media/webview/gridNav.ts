// Keyboard for the units table: one Tab stop, the active row named by aria-activedescendant (the focus stays
// on the table, so a screen reader reads the row and no row needs its own tabindex), moved with the keys a
// tree in VS Code uses: Up/Down, Home/End, PageUp/PageDown, Left/Right to collapse/expand, Enter to open.

export interface GridActions {
  /** Enter or a click on a row: reveal a unit, or open/close a file. */
  readonly activate: (row: HTMLTableRowElement) => void;
  /** Left/Right on a file row: `open` says which way. */
  readonly expand: (row: HTMLTableRowElement, open: boolean) => void;
  /** The active row changed (kept in the view state, so a redraw keeps the place). */
  readonly moved: (id: string) => void;
}

const PAGE = 10;

export function attachGridNavigation(table: HTMLTableElement, activeId: string | undefined, actions: GridActions): void {
  const rows = (): HTMLTableRowElement[] => Array.from(table.querySelectorAll<HTMLTableRowElement>('tbody tr'));
  let current: HTMLTableRowElement | undefined;

  const setActive = (row: HTMLTableRowElement | undefined, scroll: boolean): void => {
    if (!row || row === current) return;
    current?.classList.remove('active');
    current?.removeAttribute('aria-selected');
    current = row;
    row.classList.add('active');
    row.setAttribute('aria-selected', 'true');
    table.setAttribute('aria-activedescendant', row.id);
    if (scroll) row.scrollIntoView({ block: 'nearest' });
    actions.moved(row.id);
  };
  const all = rows();
  setActive(all.find((r) => r.id === activeId) ?? all[0], false);

  table.addEventListener('keydown', (e) => {
    const list = rows();
    if (!current || list.length === 0) return;
    const at = list.indexOf(current);
    const isGroup = current.classList.contains('group');
    const move = (to: number): void => setActive(list[Math.max(0, Math.min(list.length - 1, to))], true);
    switch (e.key) {
      case 'ArrowDown': move(at + 1); break;
      case 'ArrowUp': move(at - 1); break;
      case 'Home': move(0); break;
      case 'End': move(list.length - 1); break;
      case 'PageDown': move(at + PAGE); break;
      case 'PageUp': move(at - PAGE); break;
      case 'ArrowRight':
        if (isGroup && current.getAttribute('aria-expanded') === 'false') actions.expand(current, true);
        else if (isGroup) move(at + 1);
        break;
      case 'ArrowLeft':
        if (isGroup && current.getAttribute('aria-expanded') === 'true') actions.expand(current, false);
        else if (!isGroup) setActive(current.closest('tbody')?.querySelector<HTMLTableRowElement>('tr.group') ?? undefined, true);
        break;
      case 'Enter':
      case ' ':
        actions.activate(current);
        break;
      default:
        return;
    }
    e.preventDefault();
  });
  table.addEventListener('click', (e) => {
    const row = (e.target as Element | null)?.closest<HTMLTableRowElement>('tbody tr');
    if (!row) return;
    setActive(row, false);
    actions.activate(row);
  });
}
