'use strict';
// Shows the camera state under the live image and restarts the stream after an outage.
(function () {
  const status = document.getElementById('status');
  const live = document.getElementById('live');
  let wasDown = false;

  async function refresh() {
    try {
      const response = await fetch('/api/state', { cache: 'no-store' });
      const state = (await response.json()).camera;
      const size = state.width ? `${state.width}x${state.height}` : '';
      status.textContent = state.online
        ? `${state.status} · ${size} · ${state.fps} fps · ${state.viewers} viewer(s) · ${state.description}`
        : `camera offline: ${state.reason}`;
      if (wasDown) {
        live.src = '/video_feed?t=' + Date.now();
        wasDown = false;
      }
    } catch (e) {
      status.textContent = 'connection to the server lost; retrying…';
      wasDown = true;
    }
  }
  refresh();
  setInterval(refresh, 2000);
})();
