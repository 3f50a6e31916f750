'use strict';
// Shared by the pages: the live-state socket with reconnect, the lost-connection banner,
// requests to the server that turn every refusal into a readable message, who is signed in
// and which controls their role may use, and the way back to sign-in when the sign-in ended.
window.Camstream = (function () {
  const ADDRESS = {
    camera: 'camstream.camera.state',
    recording: 'camstream.recording.state',
    cameras: 'camstream.cameras',
    light: 'camstream.led.state',
    media: 'camstream.media.events',
    synced: 'camstream.ws.synced',
    unavailable: 'camstream.ws.unavailable'
  };

  // Who is looking at the page, as GET /api/me says (the page is rendered with it first).
  let me = null;
  const meListeners = [];

  function setMe(value) {
    me = value;
    allow(document.body);
    meListeners.forEach((listener) => listener(me));
  }

  // listener(me) now if known, and after every change
  function onMe(listener) {
    meListeners.push(listener);
    if (me) {
      listener(me);
    }
  }

  // Shows a control marked with data-needs (action names) only when the role may use one of those
  // actions (the server's list); the rest stay hidden by the style sheet. The server refuses
  // them anyway: this only keeps what cannot work off the screen.
  function allow(root) {
    if (!me || !root.querySelectorAll) {
      return;
    }
    const may = new Set(me.may || []);
    const marked = Array.from(root.querySelectorAll('[data-needs]'));
    if (root.dataset && root.dataset.needs) {
      marked.push(root);
    }
    marked.forEach((element) => {
      element.classList.toggle('may-use', element.dataset.needs.split(' ').some((action) => may.has(action)));
    });
  }

  function loginUrl() {
    return '/login?next=' + encodeURIComponent(location.pathname + location.search + location.hash);
  }

  // Asks the server who we are; when the sign-in has ended (restart without it, idle, signed
  // out elsewhere, password changed) goes to the sign-in page, which brings the user back here.
  // Resolves false when leaving the page.
  async function checkSignIn() {
    let response;
    try {
      response = await fetch('/api/me', { cache: 'no-store', headers: { Accept: 'application/json' } });
    } catch (e) {
      return true;
    }
    if (response.status === 401) {
      location.assign(loginUrl());
      return false;
    }
    if (response.ok) {
      const answer = await response.json().catch(() => null);
      if (answer) {
        setMe(answer);
      }
    }
    return true;
  }

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
        // a socket refused for a lost sign-in looks like any other lost socket: ask first
        setTimeout(function () {
          checkSignIn().then((stay) => {
            if (stay) {
              open();
            }
          });
        }, retryMillis);
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
    if (response.status === 401) {
      checkSignIn();
    }
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

  const account = document.getElementById('account');
  if (account && account.dataset.me) {
    try {
      setMe(JSON.parse(account.dataset.me));
    } catch (e) {
      checkSignIn();
    }
  }
  // lists drawn later (media items with Delete) get the same treatment as they appear
  new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach(allow)))
    .observe(document.body, { childList: true, subtree: true });

  return {
    ADDRESS: ADDRESS,
    onMe: onMe,
    checkSignIn: checkSignIn,
    loginUrl: loginUrl,
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
