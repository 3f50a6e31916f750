'use strict';
// The media list editor: add a file already in media/, start a new (empty) list, and the
// list itself with delete. Changes show up through the server's media events.
(function () {
  const C = window.Camstream;
  const media = window.MediaList.create();

  C.connectState({
    onMessage: function (address) {
      if (address === C.ADDRESS.media || address === C.ADDRESS.synced) {
        media.reload();
      }
    }
  });

  document.getElementById('add-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = document.getElementById('add-name');
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

  document.getElementById('new-database').addEventListener('click', () => {
    if (!window.confirm('Start a new, empty media list? The files stay in the media folder.')) {
      return;
    }
    C.get('/database/new').then(() => {
      C.say('The media list is now empty.');
      media.reload();
    }, C.fail('Could not start a new list'));
  });
})();
