'use strict';
// The user menu in the header: who is signed in and with which role, sign out, and changing
// one's own password (the current one, then the new one twice).
(function () {
  const C = window.Camstream;
  const $ = (id) => document.getElementById(id);
  const dialog = $('password-dialog');
  const form = $('password-form');
  const message = $('password-message');

  C.onMe(function (me) {
    const who = $('account-who');
    if (me.signedIn) {
      who.textContent = 'signed in as ' + me.user + ' (' + me.role + ')';
    } else if (me.signInEnabled) {
      who.textContent = 'not signed in (' + me.role + ')';
    } else {
      who.textContent = 'sign-in is off';
    }
    const note = $('account-note');
    note.textContent = me.note || '';
    note.hidden = !me.note;
    $('password-user').value = me.user || '';
    $('change-password').hidden = !me.canChangePassword;
    $('sign-out-form').hidden = !me.signedIn;
    const signIn = $('sign-in');
    signIn.hidden = me.signedIn || !me.signInEnabled;
    signIn.href = C.loginUrl();
  });

  function say(text, isError) {
    message.textContent = text;
    message.classList.toggle('error', Boolean(isError));
  }

  $('change-password').addEventListener('click', function () {
    $('account').open = false;
    form.reset();
    say('');
    dialog.showModal();
    $('password-current').focus();
  });
  $('password-cancel').addEventListener('click', () => dialog.close());

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    const current = $('password-current').value;
    const next = $('password-new').value;
    if (next !== $('password-again').value) {
      say('The two new passwords differ; type the same one twice.', true);
      return;
    }
    const save = $('password-save');
    save.disabled = true;
    say('Changing…');
    C.postJson('/api/me/password', { currentPassword: current, newPassword: next })
      .then(function () {
        form.reset();
        dialog.close();
        C.say('Your password is changed. Your other sign-ins have ended; this one goes on.');
      }, function (error) {
        say('Not changed: ' + error.message, true);
      })
      .finally(function () {
        save.disabled = false;
      });
  });
})();
