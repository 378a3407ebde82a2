// A timer in a worker: a browser slows the timers of a page in a tab in the background (Chrome
// to once a minute after five minutes), not those of a worker. The chats page polls its queue
// with this, so a new chat is noticed within seconds while the employee works in another tab.
// Each message is a delay in milliseconds; the same number comes back when it has passed.

self.onmessage = (event) => {
  const ms = Number(event.data) || 0;
  setTimeout(() => self.postMessage(ms), ms);
};
