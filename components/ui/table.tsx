import type { ReactNode } from "react";

const CARD_HEAD = "bg-surface-2 text-left text-xs text-muted uppercase";
const CARD_CELL = "px-4 py-2";

/**
 * A table's header row: one `<th scope="col">` per column, `null` columns left out (e.g. a column
 * shown to admins only). Defaults to the shaded header of a full-width table in a card.
 */
export function TableHead({
  columns,
  className = CARD_HEAD,
  cellClassName = CARD_CELL,
}: {
  columns: (ReactNode | null)[];
  className?: string;
  cellClassName?: string;
}) {
  return (
    <thead className={className}>
      <tr>
        {columns.map((c, i) =>
          c === null ? null : (
            <th key={i} scope="col" className={cellClassName}>
              {c}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/** The one row a table shows when it has no rows, spanning `span` columns. */
export function EmptyRow({ span, children }: { span: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={span} className="px-4 py-8 text-center text-muted">
        {children}
      </td>
    </tr>
  );
}
