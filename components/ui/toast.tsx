"use client";

import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import { cn } from "./cn";

type Tone = "success" | "error" | "info";
interface Toast {
  id: number;
  title: string;
  description?: string;
  tone: Tone;
}

const ToastContext = createContext<(t: Omit<Toast, "id">) => void>(() => {});

const TONES: Record<Tone, string> = {
  success: "border-green-600/40",
  error: "border-red-600/60",
  info: "border-line",
};

/** A small accessible toast region: polite for results, assertive for errors; dismissable. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (t: Omit<Toast, "id">) => {
      const id = Date.now() + Math.random();
      setToasts((all) => [...all.slice(-3), { ...t, id }]);
      setTimeout(() => dismiss(id), t.tone === "error" ? 10_000 : 6_000);
    },
    [dismiss],
  );
  const value = useMemo(() => push, [push]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-96 flex-col gap-2">
        {(["polite", "assertive"] as const).map((live) => (
          <div
            key={live}
            role={live === "polite" ? "status" : "alert"}
            aria-live={live}
            className="flex flex-col gap-2"
          >
            {toasts
              .filter((t) => (t.tone === "error") === (live === "assertive"))
              .map((t) => (
                <div
                  key={t.id}
                  className={cn(
                    "pointer-events-auto rounded-lg border-l-4 border bg-surface p-3 shadow-lg",
                    TONES[t.tone],
                  )}
                >
                  <div className="flex items-start gap-3">
                    <div className="min-w-0 flex-1">
                      <p className="text-sm font-semibold">{t.title}</p>
                      {t.description ? <p className="mt-0.5 text-sm break-words text-muted">{t.description}</p> : null}
                    </div>
                    <button
                      type="button"
                      onClick={() => dismiss(t.id)}
                      className="rounded px-1 text-muted hover:text-fg"
                      aria-label="Dismiss notification"
                    >
                      ×
                    </button>
                  </div>
                </div>
              ))}
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast() {
  return useContext(ToastContext);
}
