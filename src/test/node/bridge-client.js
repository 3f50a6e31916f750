'use strict';
// Connects to camstream's SockJS bridge with the official client, checks that the state
// arrives at once, toggles grayscale, sees the new state, and checks that frames are refused.
// Usage: node bridge-client.js http://127.0.0.1:PORT/eventbus
const EventBus = require('@vertx/eventbus-bridge-client.js');

const url = process.argv[2];
const eb = new EventBus(url);
const fail = (why) => { console.error('FAIL ' + why); process.exit(1); };
setTimeout(() => fail('timed out'), 30000);

let expectDenial = false;
// The SockJS bridge answers a forbidden send with an error frame, not a reply.
eb.onerror = (err) => {
  if (expectDenial && err && err.body === 'access_denied') {
    console.log('frames refused=access_denied');
    eb.close();
    process.exit(0);
  }
  fail('bridge error ' + JSON.stringify(err));
};
eb.onopen = () => {
  let sawInitial = false;
  eb.registerHandler('camstream.camera.state', (err, message) => {
    if (err) fail('register: ' + JSON.stringify(err));
    if (!sawInitial) {
      sawInitial = true;
      console.log('initial grayscale=' + message.body.grayscale);
      eb.send('camstream.camera.control', { action: 'grayscale', enabled: true }, (err2, reply) => {
        if (err2) fail('control: ' + JSON.stringify(err2));
        console.log('reply grayscale=' + reply.body.grayscale);
      });
      return;
    }
    if (message.body.grayscale === true) {
      console.log('published grayscale=true');
      eb.send('camstream.camera.control', { action: 'grayscale', enabled: 'yes' }, (err3) => {
        console.log('bad value failureCode=' + (err3 && err3.failureCode));
        expectDenial = true;
        eb.send('camstream.frames', {}, () => fail('a send to camstream.frames was answered'));
      });
    }
  });
};
