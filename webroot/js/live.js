'use strict';
// The live view. Every control shows the state the server pushes over /ws/state and nothing
// else: a click sends a request, and the page changes when the server announces the new
// state, so every open page shows the same thing.
(function () {
  const C = window.Camstream;
  const $ = (id) => document.getElementById(id);
  const live = $('live');
  const media = window.MediaList.create();
  const parts = { camera: false, light: false, recording: false };
  let recordingBase = null;
  let timerId = 0;

  function setPressed(button, on) {
    button.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  // Shows why a group of controls is off; an empty reason hides the line.
  function reason(id, text) {
    const line = $(id);
    line.textContent = text || '';
    line.hidden = !text;
  }

  // A slider follows the server unless the user is holding it.
  function follow(input, value) {
    if (input.dataset.holding !== 'true') {
      input.value = value;
    }
  }

  function trackHolding(input) {
    const release = () => {
      input.dataset.holding = 'false';
    };
    input.addEventListener('pointerdown', () => {
      input.dataset.holding = 'true';
    });
    input.addEventListener('pointerup', release);
    input.addEventListener('pointercancel', release);
    input.addEventListener('blur', release);
  }

  // Sends at most one request per interval while a slider or picker moves, and the last value when it stops.
  function throttled(send, millis) {
    let last = 0;
    let pending = null;
    let timer = 0;
    return function (value) {
      pending = value;
      const wait = last + millis - Date.now();
      if (wait <= 0) {
        last = Date.now();
        send(pending);
        pending = null;
      } else if (!timer) {
        timer = setTimeout(() => {
          timer = 0;
          last = Date.now();
          if (pending !== null) {
            send(pending);
            pending = null;
          }
        }, wait);
      }
    };
  }

  function camera(state) {
    parts.camera = true;
    const online = state.online;
    const status = $('camera-status');
    status.textContent = online ? 'camera ' + state.status : 'camera offline';
    status.dataset.state = online ? state.status : 'offline';
    $('stat-online').textContent = online ? 'online (' + state.status + ')' : 'offline';
    $('stat-fps').textContent = state.fps != null && online ? Number(state.fps).toFixed(1) + ' fps' : '–';
    $('stat-size').textContent = state.width ? state.width + ' × ' + state.height : '–';
    $('stat-viewers').textContent = state.viewers != null ? String(state.viewers) : '–';
    reason('camera-reason', online ? '' : 'Camera offline: ' + (state.reason || 'no reason given'));

    $('image-controls').disabled = false;
    setPressed($('grayscale'), state.grayscale);
    setPressed($('half'), state.halfResolution);

    const focus = state.focus || {};
    $('focus-controls').disabled = !focus.available;
    reason('focus-reason', focus.available ? ''
      : 'This camera cannot focus. If its lens can, set camera.type to LiquidLens in the configuration.');
    setPressed($('autofocus'), Boolean(focus.autofocus));
    if (typeof focus.value === 'number') {
      follow($('focus'), focus.value);
      $('focus-value').textContent = focus.value.toFixed(2);
    }
    live.alt = 'Live camera video' + (state.description ? ' from ' + state.description : '') + (online ? '' : ' (camera offline)');
  }

  function light(state) {
    parts.light = true;
    $('light-controls').disabled = false;
    setPressed($('light'), state.on);
    follow($('brightness'), state.brightness);
    $('brightness-value').textContent = String(state.brightness);
    if (state.color && $('color').dataset.holding !== 'true') {
      $('color').value = '#' + state.color.toLowerCase();
    }
    $('light-driver').textContent = state.driver ? '(' + state.driver + ')' : '';
    const data = $('controller-data');
    data.hidden = state.controllerData == null;
    data.textContent = state.controllerData != null ? 'Controller says: ' + state.controllerData : '';
    reason('light-reason', state.online === false
      ? 'The light is not answering: ' + (state.reason || 'no reason given') + '. Changes are kept and sent when it is back.'
      : '');
  }

  function recording(state) {
    parts.recording = true;
    const record = $('record');
    record.disabled = false;
    setPressed(record, state.recording);
    const timer = $('record-timer');
    clearInterval(timerId);
    if (state.recording) {
      recordingBase = { seconds: state.seconds || 0, at: performance.now() };
      const tick = () => {
        timer.textContent = C.formatSeconds(recordingBase.seconds + (performance.now() - recordingBase.at) / 1000);
      };
      tick();
      timerId = setInterval(tick, 500);
      timer.hidden = false;
      reason('record-reason', state.filename ? 'Recording to ' + state.filename : '');
    } else {
      timer.hidden = true;
      const notes = [];
      if (state.lastError) {
        notes.push('The last recording stopped: ' + state.lastError);
      }
      if (state.storageCap) {
        notes.push(state.storageCap.message);
      }
      reason('record-reason', notes.join(' '));
    }
  }

  function unavailable(info) {
    const why = info.code === 403 ? info.reason : 'not available: ' + info.reason;
    if (info.state === C.ADDRESS.camera) {
      parts.camera = false;
      $('image-controls').disabled = true;
      $('focus-controls').disabled = true;
      $('camera-status').textContent = 'camera not answering';
      $('camera-status').dataset.state = 'offline';
      reason('camera-reason', 'The camera is ' + why);
    } else if (info.state === C.ADDRESS.light) {
      parts.light = false;
      $('light-controls').disabled = true;
      reason('light-reason', info.code === 403 ? info.reason : 'The light is ' + why);
    } else if (info.state === C.ADDRESS.recording) {
      parts.recording = false;
      $('record').disabled = true;
      reason('record-reason', 'Recording is ' + why);
    }
  }

  function restartStream() {
    live.src = '/video_feed?t=' + Date.now();
  }

  C.connectState({
    onMessage: function (address, body) {
      if (address === C.ADDRESS.camera) {
        camera(body);
      } else if (address === C.ADDRESS.light) {
        light(body);
      } else if (address === C.ADDRESS.recording) {
        recording(body);
      } else if (address === C.ADDRESS.unavailable) {
        unavailable(body);
      } else if (address === C.ADDRESS.media || address === C.ADDRESS.synced) {
        media.reload();
      }
    },
    onOpen: function (reconnected) {
      if (reconnected) {
        restartStream();
      }
    },
    onLost: function () {
      $('camera-status').textContent = 'disconnected';
      $('camera-status').dataset.state = 'offline';
    }
  });

  const cameraControl = (body) => C.postJson('/api/camera', body).catch(C.fail('The camera refused'));
  const lightControl = (body) => C.postJson('/api/light', body).catch(C.fail('The light refused'));
  const pressed = (id) => $(id).getAttribute('aria-pressed') === 'true';

  $('grayscale').addEventListener('click', () => cameraControl({ action: 'grayscale', enabled: !pressed('grayscale') }));
  $('half').addEventListener('click', () => cameraControl({ action: 'resolution', half: !pressed('half') }));
  $('autofocus').addEventListener('click', () => cameraControl({ action: 'autofocus', enabled: !pressed('autofocus') }));
  $('focus-minus').addEventListener('click', () => cameraControl({ action: 'focus_step', direction: -1 }));
  $('focus-plus').addEventListener('click', () => cameraControl({ action: 'focus_step', direction: 1 }));
  const sendFocus = throttled((value) => cameraControl({ action: 'focus', value: value }), 150);
  trackHolding($('focus'));
  $('focus').addEventListener('input', (e) => sendFocus(Number(e.target.value)));

  $('light').addEventListener('click', () => lightControl({ action: 'power', on: !pressed('light') }));
  const sendBrightness = throttled((value) => lightControl({ action: 'brightness', value: value }), 150);
  trackHolding($('brightness'));
  $('brightness').addEventListener('input', (e) => sendBrightness(Number(e.target.value)));
  const sendColor = throttled((value) => lightControl({ action: 'color', value: value }), 150);
  $('color').addEventListener('input', (e) => {
    e.target.dataset.holding = 'true';
    sendColor(e.target.value.slice(1).toUpperCase());
  });
  $('color').addEventListener('change', (e) => {
    e.target.dataset.holding = 'false';
    sendColor(e.target.value.slice(1).toUpperCase());
  });

  function captureName() {
    const typed = $('capture-name').value.trim();
    return typed || C.timestampName();
  }

  $('snapshot').addEventListener('click', () => {
    const name = captureName();
    const button = $('snapshot');
    button.disabled = true;
    C.exchange('GET', '/snapshot?filename=' + encodeURIComponent(name))
      .then((answer) => C.say('Snapshot saved as ' + (answer.headers.get('X-Media-File') || name)),
        C.fail('The snapshot was not saved'))
      .finally(() => {
        button.disabled = false;
      });
  });

  $('record').addEventListener('click', () => {
    // old route: status is the button state before the press
    const url = pressed('record') ? '/video_capture?status=true'
      : '/video_capture?status=false&filename=' + encodeURIComponent(captureName());
    C.get(url).catch(C.fail('Recording'));
  });

  live.addEventListener('error', () => {
    // the socket's reconnect restarts the stream; if the socket is fine, retry shortly
    setTimeout(() => {
      if (!document.body.classList.contains('disconnected')) {
        restartStream();
      }
    }, 2000);
  });
})();
