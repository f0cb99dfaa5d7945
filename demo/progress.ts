// Progress indicator of the demo: runs an async step, showing a spinner with the fraction
// done on a terminal (plain start/end lines otherwise), and reports its duration.

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Reports how far a step got, as a fraction in [0, 1]. */
export type Tick = (fraction: number) => void;

/** Runs `step`, animating `label` while it runs; resolves with its result and seconds taken. */
export async function withProgress<T>(label: string, step: (tick: Tick) => Promise<T>): Promise<{ value: T; seconds: number }> {
  const tty = process.stdout.isTTY === true;
  let fraction = 0;
  let frame = 0;
  const draw = () => process.stdout.write(`\r  ${frames[frame++ % frames.length]} ${label} ${Math.round(fraction * 100)}%   `);
  const timer = tty ? setInterval(draw, 80) : undefined;
  if (!tty) console.log(`  … ${label}`);
  const t0 = performance.now();
  try {
    const value = await step((f) => {
      fraction = f;
    });
    return { value, seconds: (performance.now() - t0) / 1000 };
  } finally {
    if (timer) {
      clearInterval(timer);
      process.stdout.write("\r\x1b[K");
    }
  }
}

/** Yields to the event loop so the spinner can redraw between chunks of synchronous work. */
export const breathe = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
