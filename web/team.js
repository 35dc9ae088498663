// Vastuu's browser glue, part 1b (emcc --pre-js, after web/pre.js): team mode. When vastuu-server
// serves the page it marks it (<meta name="vastuu-mode" content="team">, docs/team-protocol.md);
// served as static files the meta says "static" and nothing here runs, so the static app is
// exactly as before. In team mode the page never mounts or writes the static app's IndexedDB store
// (web/pre.js checks Module.vastuuTeam.active): the database is the server's snapshot, in memory.
// For reloading while the server is out of reach, the last state of the account's data is kept in
// IndexedDB 'vastuu-team' (deleted at sign-out) and the app's files by a service worker (web/sw.js).
//
// This file only moves bytes: fetch for sign-in, password and the snapshot, one WebSocket for the
// live stream (reconnecting with backoff). The protocol's logic (hello, pending commands, rebase)
// is C++ (ui/team_session.cpp, engine/sync/client.cpp); the two talk through
// TeamTransport::request() (C++ -> here, {do: ...}) and vastuu_team_event() (here -> C++).
/* global Module, FS, ccall */

Module.vastuuTeam = (function () {
  var team = {};
  var meta = document.querySelector('meta[name="vastuu-mode"]');
  team.active = !!(meta && meta.getAttribute('content') === 'team');
  if (!team.active) return team;
  var web = Module.vastuuWeb;
  // The app's files for a reload while the server is out of reach (web/sw.js; needs a secure
  // context: https, or the loopback address).
  if (navigator.serviceWorker && window.isSecureContext) {
    navigator.serviceWorker.register('sw.js').catch(function (e) {
      console.warn('Vastuu: no offline copy of the app (service worker):', e);
    });
  }

  // [SECTION] Events to C++ (ui/team_session.h lists them).
  function emit(event) {
    ccall('vastuu_team_event', null, ['string'], [JSON.stringify(event)]);
    web.requestRedraw();
  }
  team.pending = function () { return web.isStarted ? Module._vastuu_team_pending() : 0; };

  // No browser storage in team mode: "saved" means the server has every command (none pending).
  web.storage = 'server';
  web.databaseChanged = function () { web.requestRedraw(); };
  web.saveState = function () { return team.pending() > 0 ? 'saving' : 'saved'; };
  web.waitForSave = function () {
    return new Promise(function (resolve) {
      (function poll() { if (team.pending() === 0) resolve(); else setTimeout(poll, 20); })();
    });
  };

  // [SECTION] HTTP: every write carries the CSRF header; errors come back as {code, message}.
  function errorOf(response, body) {
    if (body && body.code) return { code: body.code, message: body.message || '' };
    return { code: response.status === 401 ? 'auth.no_session' : 'http.' + response.status, message: response.statusText || '' };
  }
  function call(method, url, body) {
    var init = { method: method, credentials: 'same-origin', headers: {} };
    if (method !== 'GET') init.headers['X-Vastuu-Csrf'] = '1';
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init).then(function (response) {
      return response.text().then(function (text) {
        var parsed = null;
        try { parsed = text ? JSON.parse(text) : null; } catch (e) { parsed = null; }
        if (!response.ok) return { ok: false, error: errorOf(response, parsed) };
        return { ok: true, body: parsed || {} };
      });
    }, function (e) {
      return { ok: false, error: { code: 'network', message: String(e && e.message || e) } };
    });
  }
  function accountOf(body) { return body && body.account ? body.account : body; }

  // [SECTION] The queue in browser storage: commands not yet settled by the server survive a
  // reload and a browser restart (ui/team_session.cpp writes it at every change). One key per
  // account and tab (the tab's id lives in sessionStorage, so a reload keeps it), so that two tabs
  // of one person never overwrite each other's queue; a starting tab adopts every stored queue of
  // its account (a closed tab's too) and resends it: the server answers a command id it has once.
  var tabId = (function () {
    try {
      var id = sessionStorage.getItem('vastuu.team.tab');
      if (!id) { id = Math.random().toString(36).slice(2, 10); sessionStorage.setItem('vastuu.team.tab', id); }
      return id;
    } catch (e) { return 'tab'; }
  })();
  function pendingPrefix(account) { return 'vastuu.team.pending.' + account + '.'; }
  function storedPending(account) {
    if (!account || !account.id) return [];
    var out = [];
    try {
      var prefix = pendingPrefix(account.id), keys = [];
      for (var i = 0; i < localStorage.length; ++i) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0) keys.push(key);
      }
      keys.forEach(function (key) {
        var list = JSON.parse(localStorage.getItem(key) || '[]');
        if (Array.isArray(list)) out = out.concat(list);
        if (key !== prefix + tabId) localStorage.removeItem(key);  // adopted: this tab keeps it now
      });
    } catch (e) { /* no storage: nothing was kept */ }
    return out;
  }

  // [SECTION] The data cache: the last snapshot of what the account may see, with its seq, so that
  // the page opens on it when the server cannot be reached at start-up (then the stream catches up
  // from that seq). IndexedDB 'vastuu-team', store 'snapshots': key = account id, value = {account
  // (as /api/me said it), bytes (ArrayBuffer), seq, savedAt (ms since 1970)}. Written when a
  // snapshot arrives and, at most every CACHE_EVERY_MS, when the app says its database is the
  // server's state at a new seq (nothing pending: {"do":"cache", path, seq}). Deleted at sign-out
  // and when the session is found ended: the data then stays on the server only.
  var CACHE_DB = 'vastuu-team', CACHE_STORE = 'snapshots', LAST_ACCOUNT = 'vastuu.team.account', CACHE_EVERY_MS = 5000;
  var current = { account: null };
  function cacheOpen(callback) {
    var request;
    try { request = indexedDB.open(CACHE_DB, 1); } catch (e) { callback(null); return; }
    request.onupgradeneeded = function () { request.result.createObjectStore(CACHE_STORE); };
    request.onsuccess = function () { callback(request.result); };
    request.onerror = function () { callback(null); };
  }
  function cachePut(account, bytes, seq) {
    if (!account || !account.id) return;
    var record = { account: account, bytes: bytes, seq: seq, savedAt: Date.now() };
    cacheOpen(function (db) {
      if (!db) return;
      var tx = db.transaction(CACHE_STORE, 'readwrite');
      tx.objectStore(CACHE_STORE).put(record, account.id);
      tx.oncomplete = function () { db.close(); };
      tx.onerror = tx.onabort = function () {
        db.close();
        console.warn('Vastuu: the data could not be kept for offline use:', tx.error);
      };
    });
  }
  function cacheGet(id, callback) {
    cacheOpen(function (db) {
      if (!db) { callback(null); return; }
      var tx = db.transaction(CACHE_STORE, 'readonly');
      var get = tx.objectStore(CACHE_STORE).get(id);
      get.onsuccess = function () { db.close(); callback(get.result || null); };
      get.onerror = function () { db.close(); callback(null); };
    });
  }
  function cacheDelete(id) {
    if (!id) return;
    cacheOpen(function (db) {
      if (!db) return;
      var tx = db.transaction(CACHE_STORE, 'readwrite');
      tx.objectStore(CACHE_STORE).delete(id);
      tx.oncomplete = tx.onerror = function () { db.close(); };
    });
  }
  function remember(account) {
    var before = lastAccount();
    if (before && before.id && account && account.id !== before.id) cacheDelete(before.id);  // one account's data at a time
    current.account = account && account.id ? account : null;
    try {
      if (current.account) localStorage.setItem(LAST_ACCOUNT, JSON.stringify(current.account));
    } catch (e) { /* no storage: no offline start */ }
  }
  function lastAccount() {
    try { return JSON.parse(localStorage.getItem(LAST_ACCOUNT) || 'null'); } catch (e) { return null; }
  }
  function forget(account) {
    if (account && account.id) cacheDelete(account.id);
    current.account = null;
    try { localStorage.removeItem(LAST_ACCOUNT); } catch (e) { /* nothing kept */ }
  }
  // The app's "my database is the server's state at seq": kept after CACHE_EVERY_MS at most, and
  // only if still nothing is pending then (else the file holds queued changes too; the app asks
  // again when they are settled).
  var refresh = { wanted: null, timer: null, last: 0 };
  function cacheSoon(path, seq) {
    refresh.wanted = { path: path, seq: seq, account: current.account };
    if (refresh.timer) return;
    refresh.timer = setTimeout(function () {
      refresh.timer = null;
      var w = refresh.wanted;
      refresh.wanted = null;
      if (!w || !w.account || w.account !== current.account || team.pending() > 0) return;
      refresh.last = Date.now();
      var bytes;
      try { bytes = FS.readFile(w.path); } catch (e) { return; }
      cachePut(w.account, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), w.seq);
    }, Math.max(0, refresh.last + CACHE_EVERY_MS - Date.now()));
  }
  function writeSnapshot(bytes) {
    try { FS.mkdir('/team'); } catch (e) { /* exists */ }
    var path = '/team/snapshot-' + (++snapshots) + '.sqlite';
    FS.writeFile(path, new Uint8Array(bytes));
    return path;
  }
  var snapshots = 0;

  function inviteToken() {
    var m = /^#\/invite\/([^/?#]+)/.exec(location.hash || '');
    return m ? decodeURIComponent(m[1]) : '';
  }
  function forgetInvite() {
    if (inviteToken()) history.replaceState(null, '', location.pathname + location.search);
  }

  // [SECTION] Start-up: who is signed in (GET /api/me), and an invitation link if the page has one.
  // The token is read before the app starts: the app's own routes (the URL fragment, ui/app_route.cpp)
  // take the fragment over at start-up, and an invitation link is not one of them.
  var originalStarted = web.started;
  web.started = function () {
    var invite = inviteToken();
    if (invite) history.replaceState(null, '', location.pathname + location.search);
    originalStarted();
    call('GET', '/api/me').then(function (r) {
      var account = r.ok ? accountOf(r.body) : null;
      var unreachable = !r.ok && r.error.code !== 'auth.no_session';
      if (r.ok && account) remember(account);
      else if (!unreachable) forget(lastAccount());  // the session ended: its data goes too
      var last = unreachable && !invite ? lastAccount() : null;
      if (!last || !last.id) {
        emit({ event: 'me', account: account, invite: invite, stored: storedPending(account), unreachable: unreachable });
        return;
      }
      // The server cannot be reached: open the data this browser last had, if any.
      cacheGet(last.id, function (record) {
        if (!record || !record.bytes) {
          emit({ event: 'me', account: null, invite: invite, unreachable: true });
          return;
        }
        current.account = last;
        emit({ event: 'me', account: last, invite: '', stored: storedPending(last),
               cached: { path: writeSnapshot(record.bytes), seq: record.seq, savedAt: new Date(record.savedAt).toISOString() } });
      });
    });
  };

  // [SECTION] The live stream: one WebSocket, reopened with backoff while it is wanted.
  var live = { socket: null, wanted: false, attempt: 0, timer: null };
  function openSocket() {
    if (!live.wanted || live.socket) return;
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/live';
    var socket;
    try { socket = new WebSocket(url); } catch (e) { scheduleReconnect(); return; }
    live.socket = socket;
    socket.onopen = function () {
      if (live.socket !== socket) return;
      live.attempt = 0;
      emit({ event: 'connected' });
    };
    socket.onmessage = function (e) {
      if (live.socket === socket && typeof e.data === 'string') emit({ event: 'message', text: e.data });
    };
    socket.onclose = function () {
      if (live.socket !== socket) return;
      live.socket = null;
      emit({ event: 'disconnected' });
      scheduleReconnect();
    };
    socket.onerror = function () { /* onclose follows */ };
  }
  // 0.5 s, 1 s, 2 s, … up to 10 s, with some jitter so that a restarted server is not hit at once.
  // Before reopening, a session that has ended (the account disabled, signed out elsewhere) signs out.
  function scheduleReconnect() {
    if (!live.wanted || live.timer) return;
    var delay = Math.min(10000, 500 * Math.pow(2, live.attempt++)) * (0.75 + Math.random() * 0.5);
    live.timer = setTimeout(function () {
      live.timer = null;
      if (!live.wanted) return;
      call('GET', '/api/me').then(function (r) {
        if (!live.wanted) return;
        if (!r.ok && r.error.code === 'auth.no_session') {
          live.wanted = false;
          forget(current.account);
          emit({ event: 'signed_out', reason: 'session_ended' });
        } else if (!r.ok) {
          scheduleReconnect();
        } else {
          openSocket();
        }
      });
    }, delay);
  }
  function closeSocket() {
    live.wanted = false;
    if (live.timer) { clearTimeout(live.timer); live.timer = null; }
    var socket = live.socket;
    live.socket = null;
    if (socket) { try { socket.close(); } catch (e) { /* already closed */ } }
  }
  team.socketState = function () { return live.socket ? live.socket.readyState : -1; };

  // [SECTION] Requests from C++ (TeamTransport::request).
  team.request = function (r) {
    switch (r.do) {
      case 'sign_in':
        call('POST', '/api/sign-in', { email: r.email, password: r.password }).then(function (res) {
          if (res.ok) remember(accountOf(res.body));
          emit(res.ok ? { event: 'signed_in', account: accountOf(res.body), stored: storedPending(accountOf(res.body)) }
            : Object.assign({ event: 'auth_error' }, res.error));
        });
        break;
      case 'store_pending':
        try {
          var key = pendingPrefix(r.account) + tabId;
          if (r.pending && r.pending.length) localStorage.setItem(key, JSON.stringify(r.pending));
          else localStorage.removeItem(key);
        } catch (e) { console.warn('Vastuu: the queued changes could not be kept in browser storage:', e); }
        break;
      case 'accept_invitation':
        call('POST', '/api/accept-invitation', { token: r.token, email: r.email, password: r.password }).then(function (res) {
          if (!res.ok) { emit(Object.assign({ event: 'auth_error' }, res.error)); return; }
          forgetInvite();
          var account = accountOf(res.body);
          if (account && account.email) { remember(account); emit({ event: 'signed_in', account: account }); return; }
          call('GET', '/api/me').then(function (me) {
            if (me.ok) remember(accountOf(me.body));
            emit(me.ok ? { event: 'signed_in', account: accountOf(me.body) } : Object.assign({ event: 'auth_error' }, me.error));
          });
        });
        break;
      case 'sign_out':
        closeSocket();
        forget(current.account);
        call('POST', '/api/sign-out').then(function () { emit({ event: 'signed_out' }); });
        break;
      case 'change_password':
        call('POST', '/api/password', { old: r.old, new: r.new }).then(function (res) {
          emit(res.ok ? { event: 'password_changed' } : Object.assign({ event: 'password_error' }, res.error));
        });
        break;
      case 'create_invitation':
        call('POST', '/api/invitations', { employee_id: r.employee_id, kind: r.kind }).then(function (res) {
          emit(res.ok ? { event: 'invitation_created', link: res.body.link } : Object.assign({ event: 'invitation_error' }, res.error));
        });
        break;
      case 'load_snapshot':
        fetch('/api/snapshot', { credentials: 'same-origin' }).then(function (response) {
          if (!response.ok) {
            return response.text().then(function (text) {
              var body = null;
              try { body = JSON.parse(text); } catch (e) { body = null; }
              var error = errorOf(response, body);
              if (error.code === 'auth.no_session') forget(current.account);  // the session ended: its data goes too
              emit(Object.assign({ event: 'snapshot_error' }, error));
            });
          }
          var seq = Number(response.headers.get('X-Vastuu-Seq') || 0);
          return response.arrayBuffer().then(function (buffer) {
            var path = writeSnapshot(buffer);
            cachePut(current.account, buffer, seq);
            emit({ event: 'snapshot', path: path, seq: seq });
          });
        }, function (e) {
          emit({ event: 'snapshot_error', code: 'network', message: String(e && e.message || e) });
        });
        break;
      case 'cache':
        cacheSoon(r.path, r.seq);
        break;
      case 'connect':
        live.wanted = true;
        live.attempt = 0;
        openSocket();
        break;
      case 'disconnect':
        closeSocket();
        break;
      case 'send':
        if (live.socket && live.socket.readyState === 1) live.socket.send(r.text);
        break;
      default:
        console.warn('Vastuu: unknown team request', r.do);
    }
  };

  // Command ids: UUID v4 from the browser's random source (crypto.randomUUID needs a secure context).
  team.newCommandId = function () {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  };
  return team;
})();
