import type { SelectHTMLAttributes } from "react";
import { cn } from "./cn";

export function Select({ className, ...props }: SelectHTMLAttributes<HTMLSelectElement>) {
  return (
    <select
      className={cn("h-10 rounded-md border border-line bg-surface px-3 text-sm text-fg", className)}
      {...props}
    />
  );
}
