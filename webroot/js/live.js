'use strict';
// The live view. Every control shows the state the server pushes over /ws/state and nothing
// else: a click sends a request, and the page changes when the server announces the new
// state, so every open page shows the same thing.
//
// With several cameras the page opens on a grid of live tiles; a tile opens that camera's own
// view (/?camera=ID) with the controls of today, which then act on that camera only.
(function () {
  const C = window.Camstream;
  const $ = (id) => document.getElementById(id);
  const live = $('live');
  const media = window.MediaList.create();
  const parts = { camera: false, light: false, recording: false };
  let recordingBase = null;
  let timerId = 0;

  // camstream.camera.ID.state and camstream.recording.ID.state
  const PER_CAMERA_STATE = /^camstream\.(camera|recording)\.([A-Za-z0-9_-]+)\.state$/;
  // what the server said last: the camera list, and each camera's camera and recording state
  let cameraList = null;
  const cameraStates = new Map();
  const recordingStates = new Map();
  // the camera the controls act on (null while the grid shows; undefined until the list came)
  let current;
  let view = null;
  const path = (id) => '/cameras/' + encodeURIComponent(id);
  const api = (id) => '/api/cameras/' + encodeURIComponent(id);

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
    const perCamera = PER_CAMERA_STATE.exec(info.state || '');
    if (perCamera && perCamera[2] !== current) {
      return;
    }
    const kind = perCamera ? perCamera[1] : null;
    if (info.state === C.ADDRESS.cameras) {
      C.say('The camera list is ' + why, true, 'cameras-message');
    } else if (kind === 'camera') {
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
    } else if (kind === 'recording') {
      parts.recording = false;
      $('record').disabled = true;
      reason('record-reason', 'Recording is ' + why);
    }
  }

  function restartStream() {
    if (current != null) {
      live.src = path(current) + '/video_feed?t=' + Date.now();
    }
  }

  // Each camera's own addresses carry what the page shows (the ones without an id repeat the
  // default camera's).
  function cameraPart(kind, id, body) {
    (kind === 'camera' ? cameraStates : recordingStates).set(id, body);
    drawTile(id);
    if (id !== current) {
      return;
    }
    if (kind === 'camera') {
      camera(body);
    } else {
      recording(body);
    }
  }

  C.connectState({
    onMessage: function (address, body) {
      const perCamera = PER_CAMERA_STATE.exec(address);
      if (perCamera) {
        cameraPart(perCamera[1], perCamera[2], body);
      } else if (address === C.ADDRESS.cameras) {
        cameras(body.cameras || []);
      } else if (address === C.ADDRESS.light) {
        light(body);
      } else if (address === C.ADDRESS.unavailable) {
        unavailable(body);
      } else if (address === C.ADDRESS.media || address === C.ADDRESS.synced) {
        media.reload();
      }
    },
    onOpen: function (reconnected) {
      if (reconnected) {
        restartStream();
        tiles.forEach((tile) => tileMode(tile, 'off'));
        showTiles();
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

  // --- the cameras: the grid, one camera's view, and which the address asks for ---

  const tiles = new Map();
  const seen = window.IntersectionObserver ? new IntersectionObserver((entries) => {
    entries.forEach((entry) => {
      const tile = tiles.get(entry.target.dataset.camera);
      if (tile) {
        tile.visible = entry.isIntersecting;
      }
    });
    showTiles();
  }) : null;
  const info = (id) => (cameraList || []).find((c) => c.id === id);
  const nameOf = (id) => (info(id) && info(id).name) || id;

  function cameras(list) {
    cameraList = list;
    const ids = new Set(list.map((c) => c.id));
    [cameraStates, recordingStates].forEach((states) => Array.from(states.keys())
      .filter((id) => !ids.has(id)).forEach((id) => states.delete(id)));
    drawGrid();
    applyView();
  }

  // One camera: today's page. Several: the grid, or the camera the address names (/?camera=ID).
  function applyView() {
    if (!cameraList) {
      return;
    }
    const wanted = new URLSearchParams(location.search).get('camera');
    let next = null;
    view = 'grid';
    if (cameraList.length <= 1) {
      view = 'single';
      next = cameraList.length ? cameraList[0].id : null;
    } else if (wanted && info(wanted)) {
      view = 'camera';
      next = wanted;
    } else if (wanted) {
      C.say('There is no camera "' + wanted + '" (any more): here are all the cameras.', true, 'grid-message');
    }
    document.body.classList.toggle('grid-mode', view === 'grid');
    $('grid-view').hidden = view !== 'grid';
    $('camera-nav').hidden = view !== 'camera';
    $('camera-name').textContent = next !== null ? nameOf(next) : '';
    document.title = view === 'camera' ? nameOf(next) + ' — camstream' : 'camstream';
    $('remove-camera').hidden = !(view === 'camera' && !info(next).default);
    if (next !== current) {
      current = next;
      showCamera();
    }
    if (view === 'grid') {
      gridStatus();
    }
    showTiles();
  }

  function showCamera() {
    clearInterval(timerId);
    if (current == null) {
      live.removeAttribute('src');
      live.dataset.camera = '';
    } else if (live.dataset.camera !== current) {
      // the page starts on /video_feed, the default camera's own stream: it is not opened twice
      const starting = live.dataset.camera === undefined && live.getAttribute('src') === '/video_feed';
      if (!(starting && info(current).default)) {
        live.src = path(current) + '/video_feed';
      }
      live.dataset.camera = current;
    }
    if (current != null) {
      [[cameraStates, camera], [recordingStates, recording]].forEach(([states, show]) => {
        if (states.has(current)) {
          show(states.get(current));
        }
      });
    }
    media.setCamera(cameraList.length > 1 ? current : null);
  }

  function openCamera(id) {
    history.pushState(null, '', id === null ? '/' : '/?camera=' + encodeURIComponent(id));
    applyView();
    window.scrollTo(0, 0);
  }
  window.addEventListener('popstate', applyView);
  $('all-cameras').addEventListener('click', (e) => {
    e.preventDefault();
    openCamera(null);
  });

  function drawGrid() {
    const grid = $('camera-grid');
    tiles.forEach((tile, id) => {
      if (!info(id)) {
        tileMode(tile, 'off');
        if (seen) {
          seen.unobserve(tile.li);
        }
        tile.li.remove();
        tiles.delete(id);
      }
    });
    cameraList.forEach((camera, index) => {
      let tile = tiles.get(camera.id);
      if (!tile) {
        tile = newTile(camera.id);
        tiles.set(camera.id, tile);
        if (seen) {
          seen.observe(tile.li);
        } else {
          tile.visible = true;
        }
      }
      if (grid.children[index] !== tile.li) {
        grid.insertBefore(tile.li, grid.children[index] || null);
      }
      drawTile(camera.id);
    });
    $('grid-count').textContent = cameraList.length === 1 ? '1 camera' : cameraList.length + ' cameras';
  }

  function element(tag, className, parent) {
    const made = document.createElement(tag);
    made.className = className;
    if (parent) {
      parent.appendChild(made);
    }
    return made;
  }

  // A tile is a link to the camera's view: a click opens it here, a middle click in a new tab.
  function newTile(id) {
    const li = element('li', 'tile');
    li.dataset.camera = id;
    const link = element('a', 'tile-open', li);
    link.href = '/?camera=' + encodeURIComponent(id);
    const picture = element('div', 'tile-picture', link);
    const img = element('img', '', picture);
    const rec = element('p', 'rec-mark', picture);
    element('span', 'rec-dot', rec).setAttribute('aria-hidden', 'true');
    rec.appendChild(document.createTextNode('REC'));
    const offline = element('p', 'tile-offline', picture);
    const label = element('p', 'tile-label', link);
    const name = element('span', 'tile-name', label);
    const status = element('span', 'pill', label);
    const tile = { id: id, li: li, img: img, rec: rec, offline: offline, name: name, status: status, visible: false, mode: 'off', renew: 0 };
    link.addEventListener('click', (e) => {
      if (e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey) {
        e.preventDefault();
        openCamera(id);
      }
    });
    img.addEventListener('load', () => {
      if (tile.mode === 'still') {
        tile.renew = setTimeout(() => renewStill(tile), STILL_MILLIS);
      }
    });
    img.addEventListener('error', () => {
      // a stream or still that broke while the tile should show it comes back shortly
      if (tile.mode !== 'off') {
        tileMode(tile, 'off');
        setTimeout(showTiles, 2000);
      }
    });
    return tile;
  }

  function drawTile(id) {
    const tile = tiles.get(id);
    if (!tile) {
      return;
    }
    const state = cameraStates.get(id);
    const online = state ? state.online : (info(id) || {}).status !== 'offline';
    const status = online ? (state ? state.status : (info(id) || {}).status) : 'offline';
    tile.name.textContent = nameOf(id);
    tile.status.textContent = status || '…';
    tile.status.dataset.state = status || '';
    tile.img.alt = 'Live video from ' + nameOf(id) + (online ? '' : ' (camera offline)');
    tile.offline.hidden = online;
    tile.offline.textContent = online ? '' : 'Offline: ' + ((state && state.reason) || 'no signal');
    const recording = recordingStates.get(id);
    tile.rec.hidden = !(recording && recording.recording);
    if (view === 'grid') {
      gridStatus();
    }
  }

  // In the grid the header says how many cameras are live.
  function gridStatus() {
    const offline = cameraList.filter((c) => {
      const state = cameraStates.get(c.id);
      return state ? !state.online : c.status === 'offline';
    }).length;
    const status = $('camera-status');
    status.textContent = offline === 0 ? cameraList.length + ' cameras online'
      : offline + ' of ' + cameraList.length + ' cameras offline';
    status.dataset.state = offline === 0 ? 'streaming' : 'offline';
  }

  // A tile streams only while the grid shows, the tile is on the screen and the page is seen.
  // Browsers open at most 6 connections to a server over HTTP/1.1 and a live stream holds one
  // for good: the first LIVE_TILES shown tiles stream, the others show a still renewed every
  // STILL_MILLIS, so controls and the media list always find a connection.
  const LIVE_TILES = 4;
  const STILL_MILLIS = 2000;

  function showTiles() {
    let live = 0;
    (cameraList || []).forEach((camera) => {
      const tile = tiles.get(camera.id);
      if (!tile) {
        return;
      }
      const shown = view === 'grid' && tile.visible && !document.hidden;
      const mode = !shown ? 'off' : live < LIVE_TILES ? 'live' : 'still';
      if (mode === 'live') {
        live++;
      }
      tileMode(tile, mode);
    });
  }

  function tileMode(tile, mode) {
    if (tile.mode === mode) {
      return;
    }
    clearTimeout(tile.renew);
    tile.mode = mode;
    if (mode === 'live') {
      tile.img.src = path(tile.id) + '/video_feed?t=' + Date.now();
    } else if (mode === 'still') {
      renewStill(tile);
    } else {
      tile.img.removeAttribute('src');
    }
  }

  function renewStill(tile) {
    if (tile.mode === 'still') {
      tile.img.src = path(tile.id) + '/frame.jpg?t=' + Date.now();
    }
  }

  document.addEventListener('visibilitychange', showTiles);

  // The admin adds and removes cameras here; every open page follows the new list.
  $('add-camera-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const body = { id: $('new-camera-id').value.trim(), source: $('new-camera-source').value.trim() };
    const name = $('new-camera-name').value.trim();
    if (name) {
      body.name = name;
    }
    const button = $('add-camera-submit');
    button.disabled = true;
    C.postJson('/api/cameras', body).then(() => {
      C.say('Camera "' + body.id + '" added.', false, 'cameras-message');
      $('add-camera-form').reset();
      $('add-camera').open = false;
    }, C.fail('The camera was not added', 'cameras-message')).finally(() => {
      button.disabled = false;
    });
  });

  $('remove-camera').addEventListener('click', () => {
    const id = current;
    if (id == null || !window.confirm('Remove camera "' + nameOf(id) + '"? Its recordings and snapshots stay in the media library.')) {
      return;
    }
    // this page lets go of the stream first (the server ends the streams of a removed camera)
    live.removeAttribute('src');
    live.dataset.camera = '';
    C.request('DELETE', api(id)).then(() => {
      const name = nameOf(id);
      // the grid must not open the removed camera's stream before the new list arrives
      cameras(cameraList.filter((c) => c.id !== id));
      C.say('Camera "' + name + '" removed.', false, 'grid-message');
      openCamera(null);
    }, (error) => {
      C.fail('The camera was not removed', 'cameras-message')(error);
      if (current === id) {
        live.src = path(id) + '/video_feed';
        live.dataset.camera = id;
      }
    });
  });

  // The picture the browser keeps showing after the stream broke is an old one: say so on it.
  function markStale(stale) {
    $('stale-mark').hidden = !stale;
    $('stage').classList.toggle('stale', stale);
  }

  const cameraControl = (body) => C.postJson(api(current), body).catch(C.fail('The camera refused'));
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

  // until the camera list arrives there is no camera to act on
  function noCamera() {
    if (current == null) {
      C.say('The camera list has not arrived yet: try again in a moment.', true);
      return true;
    }
    return false;
  }

  $('snapshot').addEventListener('click', () => {
    if (noCamera()) {
      return;
    }
    const name = captureName();
    const button = $('snapshot');
    button.disabled = true;
    C.exchange('POST', api(current) + '/snapshot', { filename: name })
      .then((answer) => C.say('Snapshot saved as ' + (answer.headers.get('X-Media-File') || name)),
        C.fail('The snapshot was not saved'))
      .finally(() => {
        button.disabled = false;
      });
  });

  $('record').addEventListener('click', () => {
    if (noCamera()) {
      return;
    }
    const body = pressed('record') ? { action: 'stop' } : { action: 'start', filename: captureName() };
    C.postJson(api(current) + '/recording', body).catch(C.fail('Recording'));
  });

  $('save-frame').addEventListener('click', saveFrame);

  // Fetches one frame (/frame.jpg writes nothing to the media library) and hands it to the
  // browser as a download with a timestamped name, so it lands on this device.
  async function saveFrame() {
    if (noCamera()) {
      return;
    }
    const button = $('save-frame');
    button.disabled = true;
    try {
      let response;
      try {
        response = await fetch(path(current) + '/frame.jpg', { cache: 'no-store' });
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
