// Long embeddings run in a worker that must still hear "cancel" messages, which arrive only
// when the event loop gets a turn. Yielding after every epoch would cost ~4 ms each in
// browsers (nested setTimeout is clamped), so we yield once per time slice instead.

/** Returns an async function that yields to the event loop at most once per `sliceMs`. */
export function createYielder(sliceMs = 25): () => Promise<void> {
  let last = Date.now();
  return async () => {
    const now = Date.now();
    if (now - last < sliceMs) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    last = Date.now();
  };
}
