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
    record.textContent = state.recording ? 'Stop' : 'Record';
    $('rec-mark').hidden = !state.recording;
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
      markStale(false);
    },
    onLost: function () {
      $('camera-status').textContent = 'disconnected';
      $('camera-status').dataset.state = 'offline';
      // the last numbers would look live; the state that replaces them comes with the reconnect
      $('stat-online').textContent = 'connection lost — reconnecting';
      $('stat-fps').textContent = '–';
      $('stat-viewers').textContent = '–';
      markStale(true);
    }
  });

  // The picture the browser keeps showing after the stream broke is an old one: say so on it.
  function markStale(stale) {
    $('stale-mark').hidden = !stale;
    $('stage').classList.toggle('stale', stale);
  }

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

  $('save-frame').addEventListener('click', saveFrame);

  // Fetches one frame (/frame.jpg writes nothing to the media library) and hands it to the
  // browser as a download with a timestamped name, so it lands on this device.
  async function saveFrame() {
    const button = $('save-frame');
    button.disabled = true;
    try {
      let response;
      try {
        response = await fetch('/frame.jpg', { cache: 'no-store' });
      } catch (e) {
        throw new Error('the server cannot be reached');
      }
      if (!response.ok) {
        throw new Error((await response.text()).trim() || 'HTTP ' + response.status);
      }
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = 'camstream-' + C.timestampName() + '.jpg';
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      C.say('Frame saved to this device as ' + link.download);
    } catch (error) {
      C.say('The frame was not saved: ' + error.message, true);
    } finally {
      button.disabled = false;
    }
  }

  // Fullscreen holds the whole stage (picture, REC mark, buttons). iPhone Safari lets only a
  // <video> go fullscreen, and the picture is an M-JPEG <img>: there it fills the window instead.
  const stage = $('stage');
  const fullscreenButton = $('fullscreen');

  function fullscreenElement() {
    return document.fullscreenElement || document.webkitFullscreenElement || null;
  }

  function inFullscreen() {
    return Boolean(fullscreenElement()) || document.body.classList.contains('filling-window');
  }

  function fillWindow(on) {
    document.body.classList.toggle('filling-window', on);
    showFullscreen();
  }

  function toggleFullscreen() {
    if (inFullscreen()) {
      if (document.fullscreenElement && document.exitFullscreen) {
        document.exitFullscreen().catch(() => {});
      } else if (document.webkitFullscreenElement && document.webkitExitFullscreen) {
        document.webkitExitFullscreen();
      }
      fillWindow(false);
    } else if (stage.requestFullscreen) {
      stage.requestFullscreen().catch(() => fillWindow(true));
    } else if (stage.webkitRequestFullscreen) {
      stage.webkitRequestFullscreen();
    } else {
      fillWindow(true);
    }
  }

  const sideways = window.matchMedia('(orientation: landscape) and (max-height: 500px)');
  // Held sideways or fullscreen, the buttons lie over the picture so both fit one screen.
  function showFullscreen() {
    const on = inFullscreen();
    setPressed(fullscreenButton, on);
    fullscreenButton.textContent = on ? 'Exit fullscreen' : 'Fullscreen';
    stage.classList.toggle('overlaid', on || sideways.matches);
  }
  sideways.addEventListener('change', showFullscreen);
  document.addEventListener('fullscreenchange', showFullscreen);
  document.addEventListener('webkitfullscreenchange', showFullscreen);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && document.body.classList.contains('filling-window')) {
      fillWindow(false);
    }
  });
  fullscreenButton.addEventListener('click', toggleFullscreen);
  showFullscreen();

  // Double-click with a mouse, double-tap on a touch screen (touch-action: manipulation keeps
  // the browser from zooming instead); a double-tap's own dblclick is not a second toggle.
  const picture = $('picture');
  let lastTap = 0;
  let lastTapToggle = -1000;
  picture.addEventListener('pointerup', (e) => {
    if (e.pointerType !== 'touch') {
      return;
    }
    if (e.timeStamp - lastTap < 350) {
      lastTap = 0;
      lastTapToggle = e.timeStamp;
      toggleFullscreen();
    } else {
      lastTap = e.timeStamp;
    }
  });
  picture.addEventListener('dblclick', (e) => {
    if (e.timeStamp - lastTapToggle > 600) {
      toggleFullscreen();
    }
  });

  // The picture's height on phones leaves room for the header, whatever it holds.
  const header = document.querySelector('.top');
  const measureHeader = () => document.documentElement.style.setProperty('--top-height', header.offsetHeight + 'px');
  if (header && window.ResizeObserver) {
    new ResizeObserver(measureHeader).observe(header);
  }

  live.addEventListener('error', () => {
    // the socket's reconnect restarts the stream; if the socket is fine, retry shortly
    setTimeout(() => {
      if (!document.body.classList.contains('disconnected')) {
        restartStream();
      }
    }, 2000);
  });
})();
