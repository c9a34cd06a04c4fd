import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../lib/api-error';

export interface Live<O> {
  result: O | null;
  error: string | null;
  pending: boolean;
}

/**
 * Recomputes `run(input)` as the input changes, debounced; answers to superseded inputs are
 * dropped. `input` null means "nothing to compute" (the last result is cleared).
 */
export function useLive<I, O>(input: I | null, run: (input: I) => Promise<O>, delay = 250): Live<O> {
  const [state, setState] = useState<Live<O>>({ result: null, error: null, pending: false });
  const seq = useRef(0);
  const runRef = useRef(run);
  runRef.current = run;
  const key = input === null ? null : JSON.stringify(input);
  const first = useRef(true);

  useEffect(() => {
    const mine = ++seq.current;
    if (key === null) {
      setState({ result: null, error: null, pending: false });
      return;
    }
    setState((s) => ({ ...s, pending: true }));
    // The first computation (opening the screen, loading an example) runs at once.
    const wait = first.current ? 0 : delay;
    first.current = false;
    const timer = setTimeout(() => {
      runRef
        .current(JSON.parse(key) as I)
        .then((result) => mine === seq.current && setState({ result, error: null, pending: false }))
        .catch(
          (err) =>
            mine === seq.current && setState({ result: null, error: errorMessage(err), pending: false }),
        );
    }, wait);
    return () => clearTimeout(timer);
  }, [key, delay]);

  return state;
}
