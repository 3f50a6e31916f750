'use strict';
// Shows the camera and light state under the live image and restarts the stream after an outage.
(function () {
  const status = document.getElementById('status');
  const live = document.getElementById('live');
  const light = document.getElementById('light');
  let wasDown = false;

  async function refresh() {
    try {
      const response = await fetch('/api/state', { cache: 'no-store' });
      const all = await response.json();
      const state = all.camera;
      light.textContent = describeLight(all.light);
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

  function describeLight(l) {
    if (!l) return 'no light attached';
    if (!l.online) return `light (${l.driver}) offline: ${l.reason}`;
    return l.on ? `light (${l.driver}): on · #${l.color} · brightness ${l.brightness}` : `light (${l.driver}): off`;
  }

  refresh();
  setInterval(refresh, 2000);
})();
