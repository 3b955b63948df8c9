import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, connection } from './client';

export function useConnection() {
  return useSyncExternalStore(connection.subscribe, connection.get);
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads data for a page: again when `deps` change, when the page calls reload(), and when the shell's retry button
 * is pressed after the API was unreachable. A stale answer (deps changed meanwhile) is dropped.
 */
export function useApi<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const { epoch } = useConnection();
  const [tick, setTick] = useState(0);
  const [result, setResult] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    const controller = new AbortController();
    setResult((r) => ({ ...r, loading: true }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ data, loading: false });
      },
      (err: unknown) => {
        if (controller.signal.aborted) return;
        const error = err instanceof ApiError ? err : new ApiError(0, 'client', err instanceof Error ? err.message : String(err));
        setResult((r) => ({ data: r.data, error, loading: false }));
      },
    );
    return () => controller.abort();
    // The caller names what the loader depends on.
  }, [...deps, epoch, tick]);
  return { data: result.data, error: result.error, loading: result.loading, reload };
}
