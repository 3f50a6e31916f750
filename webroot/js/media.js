'use strict';
// The media list shared by both pages: newest first with a heading per day, one page at a time,
// thumbnails, size and duration, view or play in the page, download, delete after
// confirmation, and the space left on the disk. It reloads the page it shows whenever the
// server announces media added or removed.
window.MediaList = (function () {
  const PAGE_SIZE = 24;
  const C = window.Camstream;

  // A list line that is not an item: empty, or why nothing could be loaded.
  function note(text) {
    const li = document.createElement('li');
    li.className = 'media-empty';
    li.textContent = text;
    return li;
  }

  // A file's name over a line of facts about it.
  function fileInfo(filename, facts) {
    const info = document.createElement('div');
    info.className = 'info';
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = filename;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = facts.filter(Boolean).join(' · ');
    info.append(name, meta);
    return info;
  }

  function when(isoTime) {
    return new Date(isoTime).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  }

  function create() {
    const list = document.getElementById('media-list');
    const count = document.getElementById('media-count');
    const pageLabel = document.getElementById('media-page');
    const prev = document.getElementById('media-prev');
    const next = document.getElementById('media-next');
    const dialog = document.getElementById('viewer-dialog');
    const dialogBody = document.getElementById('viewer-body');
    const dialogTitle = document.getElementById('viewer-title');
    const disk = document.getElementById('media-disk');
    let offset = 0;
    let total = 0;
    let loading = null;
    let again = false;
    // with several cameras, one camera's view lists that camera's files
    let camera = null;

    prev.addEventListener('click', function () {
      offset = Math.max(0, offset - PAGE_SIZE);
      reload();
    });
    next.addEventListener('click', function () {
      offset += PAGE_SIZE;
      reload();
    });
    document.getElementById('viewer-close').addEventListener('click', closeViewer);
    dialog.addEventListener('close', function () {
      // stop a playing video or stream when the dialog goes away
      dialogBody.replaceChildren();
    });

    // /api/media is the paged JSON list; /get_database is the old whole list, used if the
    // paged one is not there.
    async function fetchPage() {
      try {
        return await C.get('/api/media?offset=' + offset + '&limit=' + PAGE_SIZE
          + (camera ? '&camera=' + encodeURIComponent(camera) : ''));
      } catch (error) {
        if (error.status !== 404) {
          throw error;
        }
      }
      const all = await C.get('/get_database');
      const newestFirst = all.slice().reverse();
      return { items: newestFirst.slice(offset, offset + PAGE_SIZE), total: all.length, offset: offset };
    }

    // Free space changes with every recording, not only with the list.
    if (disk) {
      setInterval(function () {
        if (!document.hidden) {
          showDisk();
        }
      }, 30000);
    }

    function showDisk() {
      if (!disk) {
        return;
      }
      C.get('/api/disk').then(function (space) {
        const low = space.totalBytes > 0 && space.freeBytes / space.totalBytes < 0.1;
        disk.textContent = 'Disk: ' + C.formatBytes(space.freeBytes) + ' free of ' + C.formatBytes(space.totalBytes)
          + (low ? ' (almost full)' : '');
        disk.classList.toggle('low', low);
      }, function (error) {
        disk.textContent = 'Disk space unknown: ' + error.message;
      });
    }

    // Coalesces bursts of events into one request at a time.
    function reload() {
      showDisk();
      if (loading) {
        again = true;
        return loading;
      }
      loading = fetchPage().then(render, function (error) {
        list.replaceChildren(note('The media list could not be loaded: ' + error.message));
        count.textContent = '';
      }).finally(function () {
        loading = null;
        if (again) {
          again = false;
          reload();
        }
      });
      return loading;
    }

    function render(page) {
      total = page.total;
      if (offset > 0 && offset >= total) {
        offset = Math.max(0, Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE);
        again = true;
        return;
      }
      count.textContent = total === 1 ? '1 file' : total + ' files';
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      pageLabel.textContent = 'Page ' + (Math.floor(offset / PAGE_SIZE) + 1) + ' of ' + pages;
      prev.disabled = offset === 0;
      next.disabled = offset + PAGE_SIZE >= total;
      if (page.items.length === 0) {
        list.replaceChildren(note('No pictures or recordings yet.'));
        return;
      }
      list.replaceChildren.apply(list, byDay(page.items).map(function (group) {
        const li = document.createElement('li');
        li.className = 'media-day';
        li.dataset.day = group.key;
        const title = document.createElement('h3');
        title.className = 'media-day-title';
        title.textContent = dayTitle(group.key);
        const items = document.createElement('ul');
        items.className = 'media-day-items';
        items.append.apply(items, group.items.map(item));
        li.append(title, items);
        return li;
      }));
    }

    // The server gives the calendar day a row's date names (day); a date that names none is
    // grouped under its own text, a row without one under "No date". The list keeps its
    // order (newest first, as listed), with a heading wherever the day changes.
    function byDay(items) {
      const groups = [];
      items.forEach(function (entry) {
        const text = entry.date == null ? '' : String(entry.date).trim();
        const key = entry.day ? entry.day : text ? 'text:' + text : 'none';
        if (groups.length === 0 || groups[groups.length - 1].key !== key) {
          groups.push({ key: key, items: [] });
        }
        groups[groups.length - 1].items.push(entry);
      });
      return groups;
    }

    function dayTitle(key) {
      if (key === 'none') {
        return 'No date';
      }
      if (key.startsWith('text:')) {
        return key.slice(5);
      }
      const parts = key.split('-').map(Number);
      const day = new Date(parts[0], parts[1] - 1, parts[2]);
      const long = day.toLocaleDateString([], { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
      const today = new Date();
      today.setHours(0, 0, 0, 0);
      const daysAgo = Math.round((today - day) / 86400000);
      return daysAgo === 0 ? 'Today, ' + long : daysAgo === 1 ? 'Yesterday, ' + long : long;
    }

    function kindOf(entry) {
      if (entry.kind) {
        return entry.kind;
      }
      return /\.(jpe?g|png)$/i.test(entry.filename) ? 'picture' : /\.(avi|mp4|mkv|webm)$/i.test(entry.filename) ? 'video' : 'file';
    }

    function item(entry) {
      const kind = kindOf(entry);
      const url = entry.url || '/media/' + encodeURIComponent(entry.filename);
      const li = document.createElement('li');
      li.className = 'media-item';
      li.dataset.filename = entry.filename;

      const thumb = document.createElement('button');
      thumb.type = 'button';
      thumb.className = 'thumb';
      thumb.setAttribute('aria-label', (kind === 'video' ? 'Play ' : 'View ') + entry.filename);
      const thumbSource = entry.thumbnail || (kind === 'picture' ? url : null);
      if (thumbSource) {
        const img = document.createElement('img');
        img.loading = 'lazy';
        img.decoding = 'async';
        img.alt = '';
        img.src = thumbSource;
        img.addEventListener('error', function () {
          img.replaceWith(glyph(kind));
        });
        thumb.appendChild(img);
      } else {
        thumb.appendChild(glyph(kind));
      }
      if (kind === 'video') {
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = entry.durationSeconds != null ? C.formatSeconds(entry.durationSeconds) : 'video';
        thumb.appendChild(badge);
      }
      thumb.addEventListener('click', function () {
        openViewer(entry, kind, url);
      });

      const parts = [entry.date];
      if (entry.createdAt && !isNaN(Date.parse(entry.createdAt))) {
        parts[0] = when(entry.createdAt);
      }
      if (entry.width && entry.height) {
        parts.push(entry.width + '×' + entry.height);
      }
      if (entry.durationSeconds != null) {
        parts.push(C.formatSeconds(entry.durationSeconds));
      }
      if (entry.bytes != null) {
        parts.push(C.formatBytes(entry.bytes));
      }
      const info = fileInfo(entry.filename, parts);

      const actions = document.createElement('div');
      actions.className = 'actions';
      const download = document.createElement('a');
      download.href = url;
      download.setAttribute('download', entry.filename);
      download.textContent = 'Download';
      download.setAttribute('aria-label', 'Download ' + entry.filename);
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'danger';
      remove.dataset.needs = 'deleteMedia';
      remove.textContent = 'Delete';
      remove.setAttribute('aria-label', 'Delete ' + entry.filename);
      remove.addEventListener('click', function () {
        if (!window.confirm('Delete ' + entry.filename + '? The file is removed from the server too.')) {
          return;
        }
        C.get('/database/remove?filename=' + encodeURIComponent(entry.filename))
          .then(function () {
            C.say('Deleted ' + entry.filename, false, 'media-message');
          }, function (error) {
            // the item stays, so the reason goes right beside its Delete button
            problem.textContent = 'Could not delete: ' + error.message;
            problem.hidden = false;
          });
      });
      actions.append(download, remove);
      const problem = document.createElement('p');
      problem.className = 'message error item-message';
      problem.setAttribute('role', 'alert');
      problem.hidden = true;
      li.append(thumb, info, actions, problem);
      return li;
    }

    function glyph(kind) {
      const span = document.createElement('span');
      span.className = 'glyph';
      span.setAttribute('aria-hidden', 'true');
      span.textContent = kind === 'video' ? '▶' : kind === 'picture' ? '▣' : '…';
      return span;
    }

    function openViewer(entry, kind, url) {
      dialogTitle.textContent = entry.filename;
      let media;
      if (kind === 'video' && entry.play) {
        media = player(entry);
      } else if (kind === 'video') {
        media = document.createElement('p');
        media.className = 'reason';
        media.textContent = 'This server cannot replay recordings in the page. Use Download to watch it with a video player.';
      } else {
        media = document.createElement('img');
        media.src = url;
        media.alt = entry.filename;
      }
      dialogBody.replaceChildren(media);
      if (typeof dialog.showModal === 'function') {
        dialog.showModal();
      } else {
        dialog.setAttribute('open', '');
      }
    }

    // The server replays a recording as M-JPEG from an offset (?offset=SECONDS), so any
    // browser shows it in an img; seeking restarts the replay at the chosen second.
    function player(entry) {
      const box = document.createElement('div');
      box.className = 'player';
      const img = document.createElement('img');
      img.alt = 'Recording ' + entry.filename;
      const row = document.createElement('div');
      row.className = 'slider-row';
      const seek = document.createElement('input');
      seek.type = 'range';
      seek.min = '0';
      seek.step = '1';
      seek.value = '0';
      seek.setAttribute('aria-label', 'Position in the recording (seconds)');
      const position = document.createElement('output');
      const duration = entry.durationSeconds;
      const restart = document.createElement('button');
      restart.type = 'button';
      restart.textContent = 'Play from start';
      let startedAt = 0;
      let from = 0;
      let timer = 0;
      function playFrom(seconds) {
        from = seconds;
        startedAt = performance.now();
        img.src = entry.play + (entry.play.includes('?') ? '&' : '?') + 'offset=' + seconds;
        clearInterval(timer);
        timer = setInterval(show, 500);
        show();
      }
      function show() {
        if (!box.isConnected) {
          clearInterval(timer);
          return;
        }
        let at = from + (performance.now() - startedAt) / 1000;
        if (duration != null) {
          at = Math.min(at, duration);
        }
        if (document.activeElement !== seek) {
          seek.value = String(Math.floor(at));
        }
        position.textContent = C.formatSeconds(at) + (duration != null ? ' / ' + C.formatSeconds(duration) : '');
      }
      if (duration != null) {
        seek.max = String(Math.floor(duration));
      } else {
        seek.disabled = true;
        seek.title = 'The length of this recording is not known';
      }
      seek.addEventListener('change', function () {
        playFrom(Number(seek.value));
      });
      restart.addEventListener('click', function () {
        playFrom(0);
      });
      row.append(restart, seek, position);
      box.append(img, row);
      // after the caller has put the player into the page (show() stops once it is gone)
      setTimeout(function () {
        playFrom(0);
      }, 0);
      return box;
    }

    function closeViewer() {
      if (typeof dialog.close === 'function') {
        dialog.close();
      } else {
        dialog.removeAttribute('open');
        dialogBody.replaceChildren();
      }
    }

    function setCamera(id) {
      if (id !== camera) {
        camera = id;
        offset = 0;
        reload();
      }
    }

    return { reload: reload, setCamera: setCamera };
  }

  return { create: create, note: note, fileInfo: fileInfo, when: when };
})();
