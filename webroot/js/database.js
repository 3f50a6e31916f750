'use strict';
// The media list editor: add a file already in media/ (picked from the files the list does
// not name, or typed), start a new (empty) list, and the list itself with delete. Each
// action's outcome shows beside its button; the list follows the server's media events.
(function () {
  const C = window.Camstream;
  const $ = (id) => document.getElementById(id);
  const media = window.MediaList.create();
  const note = window.MediaList.note;
  const unlisted = $('unlisted-list');

  C.connectState({
    onMessage: function (address, body) {
      if (address === C.ADDRESS.synced || (address === C.ADDRESS.media && body && body.event === 'cleared')) {
        loadUnlisted();
      }
      if (address === C.ADDRESS.media || address === C.ADDRESS.synced) {
        media.reload();
      }
      if (address === C.ADDRESS.media && body && body.event === 'added' && body.item) {
        listedElsewhere(body.item.filename);
      }
    }
  });

  function loadUnlisted() {
    C.get('/database/unlisted').then(function (answer) {
      if (answer.files.length === 0) {
        unlisted.replaceChildren(note('Every file in the media folder is in the list.'));
        return;
      }
      unlisted.replaceChildren.apply(unlisted, answer.files.map(row));
    }, function (error) {
      unlisted.replaceChildren(note('The files could not be listed: ' + error.message));
    });
  }

  function row(file) {
    const li = document.createElement('li');
    li.className = 'unlisted-file';
    li.dataset.file = file.filename;
    const info = window.MediaList.fileInfo(file.filename,
      [file.kind, C.formatBytes(file.bytes), 'changed ' + window.MediaList.when(file.modified)]);
    const add = document.createElement('button');
    add.type = 'button';
    add.textContent = 'Add';
    add.setAttribute('aria-label', 'Add ' + file.filename + ' to the list');
    const outcome = document.createElement('p');
    outcome.className = 'message';
    outcome.setAttribute('role', 'status');
    add.addEventListener('click', function () {
      add.disabled = true;
      li.classList.add('adding');
      C.get('/database/add?filename=' + encodeURIComponent(file.filename)).then(function () {
        add.remove();
        outcome.textContent = 'Added to the list';
        li.classList.add('added');
      }, function (error) {
        add.disabled = false;
        li.classList.remove('adding');
        outcome.textContent = 'Not added: ' + error.message;
        outcome.classList.add('error');
      });
    });
    li.append(info, add, outcome);
    return li;
  }

  // A file another page or program listed is no longer offered (one added here says so instead).
  function listedElsewhere(filename) {
    unlisted.querySelectorAll('li.unlisted-file:not(.adding)').forEach(function (li) {
      if (li.dataset.file === filename) {
        li.remove();
      }
    });
  }

  $('unlisted-refresh').addEventListener('click', loadUnlisted);

  $('add-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('add-name');
    const name = input.value.trim();
    if (!name) {
      C.say('Type the name of a file in the media folder first.', true);
      return;
    }
    C.get('/database/add?filename=' + encodeURIComponent(name))
      .then(() => {
        C.say('Added ' + name);
        input.value = '';
      }, C.fail('Could not add ' + name));
  });

  $('new-database').addEventListener('click', () => {
    if (!window.confirm('Start a new, empty media list? The files stay in the media folder.')) {
      return;
    }
    C.get('/database/new').then(() => {
      C.say('The media list is now empty; its files are offered above to add again.', false, 'new-message');
      media.reload();
    }, C.fail('Could not start a new list', 'new-message'));
  });
})();
