/**
 * Preloaded (`node --import`) into every process the bench starts: when the bench dies without
 * stopping it (SIGKILL, crash), the process is re-parented and leaves too, so no orphan keeps a
 * port or a core busy.
 */
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 500).unref();
