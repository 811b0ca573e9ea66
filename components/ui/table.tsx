import type { ReactNode } from "react";
import { cn } from "./cn";

const HEAD = {
  /** The shaded header of a full-width table in a card. */
  card: "bg-surface-2 text-left text-xs text-muted uppercase",
  /** Small capitals only, for a table inside a card's padding. */
  plain: "text-xs uppercase text-muted",
} as const;

/**
 * A table's header row: one `<th scope="col">` per column, `null` columns left out (e.g. a column
 * shown to admins only). `sticky` keeps it in view when the table scrolls in its own box.
 */
export function TableHead({
  columns,
  variant = "card",
  sticky = false,
  cellClassName = "px-4 py-2",
}: {
  columns: (ReactNode | null)[];
  variant?: keyof typeof HEAD;
  sticky?: boolean;
  cellClassName?: string;
}) {
  return (
    <thead className={cn(HEAD[variant], sticky && "sticky top-0")}>
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

/** How many cells a header row of `columns` has (the ones `TableHead` draws). */
export function columnCount(columns: (ReactNode | null)[]) {
  return columns.filter((c) => c !== null).length;
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
