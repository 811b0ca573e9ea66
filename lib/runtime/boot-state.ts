/** What start-up achieved, per subsystem; /api/health reports it. One object per process. */
export interface SubsystemState {
  status: "starting" | "ok" | "error" | "disabled";
  error?: string;
  detail?: Record<string, unknown>;
  since: string;
}

export interface BootState {
  startedAt: string;
  database: SubsystemState;
  simulator: SubsystemState;
  worker: SubsystemState;
}

const g = globalThis as unknown as { __hscBootState?: BootState };

export function bootState(): BootState {
  const now = new Date().toISOString();
  g.__hscBootState ??= {
    startedAt: now,
    database: { status: "starting", since: now },
    simulator: { status: "starting", since: now },
    worker: { status: "starting", since: now },
  };
  return g.__hscBootState;
}

export function setSubsystem(name: keyof Omit<BootState, "startedAt">, state: Omit<SubsystemState, "since">) {
  bootState()[name] = { ...state, since: new Date().toISOString() };
}
