/**
 * Runs `fn` once: at the next turn of the event loop, or sooner if the returned function is
 * called first (calling it again, or the turn coming after, does nothing). The gateways build a
 * forwarded request's audit event this way: while the upstream works on the request, and in any
 * case before the request's next event, so the two stay in order.
 */
export function onceSoon(fn: () => void): () => void {
  let done = false;
  const run = (): void => {
    if (done) return;
    done = true;
    fn();
  };
  setImmediate(run);
  return run;
}
