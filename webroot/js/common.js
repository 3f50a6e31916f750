'use strict';
// Shared by the pages: the live-state socket with reconnect, the lost-connection banner,
// requests to the server that turn every refusal into a readable message.
window.Camstream = (function () {
  const ADDRESS = {
    camera: 'camstream.camera.state',
    recording: 'camstream.recording.state',
    light: 'camstream.led.state',
    media: 'camstream.media.events',
    synced: 'camstream.ws.synced',
    unavailable: 'camstream.ws.unavailable'
  };

  // Opens /ws/state and keeps it open. handlers: {onMessage(address, body), onOpen(), onLost()}.
  function connectState(handlers) {
    const banner = document.getElementById('banner');
    let retryMillis = 500;
    let everOpened = false;
    let lost = false;

    function setLost(value) {
      lost = value;
      if (banner) {
        banner.hidden = !value;
      }
      document.body.classList.toggle('disconnected', value);
    }

    function open() {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const socket = new WebSocket(scheme + '//' + location.host + '/ws/state');
      socket.addEventListener('open', function () {
        retryMillis = 500;
        const reconnected = everOpened;
        everOpened = true;
        setLost(false);
        if (handlers.onOpen) {
          handlers.onOpen(reconnected);
        }
      });
      socket.addEventListener('message', function (event) {
        let frame;
        try {
          frame = JSON.parse(event.data);
        } catch (e) {
          return;
        }
        handlers.onMessage(frame.address, frame.body);
      });
      socket.addEventListener('close', function () {
        if (!lost) {
          setLost(true);
          if (handlers.onLost) {
            handlers.onLost();
          }
        }
        setTimeout(open, retryMillis);
        retryMillis = Math.min(retryMillis * 2, 4000);
      });
    }
    open();
  }

  // fetch that resolves with the parsed answer (JSON or text) and rejects with the server's
  // own explanation, so a refused control never fails silently.
  async function request(method, url, body) {
    return (await exchange(method, url, body)).payload;
  }

  // Like request, with the response's headers too.
  async function exchange(method, url, body) {
    const options = { method: method, cache: 'no-store', headers: {} };
    if (body !== undefined) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, options);
    } catch (e) {
      throw new Error('the server cannot be reached');
    }
    const type = response.headers.get('Content-Type') || '';
    const payload = type.includes('json') ? await response.json().catch(() => null) : await response.text();
    if (!response.ok) {
      const text = payload && payload.error ? payload.error
        : (typeof payload === 'string' && payload.trim() ? payload.trim() : 'HTTP ' + response.status);
      const error = new Error(text);
      error.status = response.status;
      throw error;
    }
    return { payload: payload, headers: response.headers };
  }

  function postJson(url, body) {
    return request('POST', url, body);
  }

  function get(url) {
    return request('GET', url);
  }

  const messageTimers = new Map();
  // Shows the outcome of an action in a status line (announced to screen readers): the one
  // beside the action when lineId names it, else the page's #message.
  function say(text, isError, lineId) {
    const line = document.getElementById(lineId || 'message');
    if (!line) {
      return;
    }
    line.textContent = text;
    line.classList.toggle('error', Boolean(isError));
    clearTimeout(messageTimers.get(line));
    messageTimers.set(line, setTimeout(function () {
      line.textContent = '';
    }, isError ? 12000 : 5000));
  }

  function fail(what, lineId) {
    return function (error) {
      say(what + ': ' + error.message, true, lineId);
    };
  }

  // Local date and time as a file name: 2024-05-01_13-45-07
  function timestampName() {
    const d = new Date();
    const two = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + '_' +
      two(d.getHours()) + '-' + two(d.getMinutes()) + '-' + two(d.getSeconds());
  }

  function formatSeconds(total) {
    const s = Math.max(0, Math.floor(total));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = String(s % 60).padStart(2, '0');
    return h > 0 ? h + ':' + String(m).padStart(2, '0') + ':' + rest : m + ':' + rest;
  }

  function formatBytes(bytes) {
    if (bytes == null) {
      return '';
    }
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let value = bytes;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return (unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)) + ' ' + units[unit];
  }

  return {
    ADDRESS: ADDRESS,
    connectState: connectState,
    postJson: postJson,
    get: get,
    request: request,
    exchange: exchange,
    say: say,
    fail: fail,
    timestampName: timestampName,
    formatSeconds: formatSeconds,
    formatBytes: formatBytes
  };
})();
