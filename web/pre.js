// Vastuu's browser glue, part 1 (emcc --pre-js): start-up (the database read from IndexedDB into
// /data before main() runs), frames drawn only on demand, saves at once after each change (one at a
// time), downloads, the file picker, settings. The page store itself is web/page_store.js. The C++
// side calls these through EM_JS functions in web/main_web.cpp; web/post.js builds the
// window.vastuu automation API on top.
/* global Module, FS, addRunDependency, removeRunDependency, ccall */

Module.canvas = document.getElementById('canvas');
Module.print = function (text) { console.log(text); };
Module.printErr = function (text) { console.warn(text); };

Module.vastuuWeb = (function () {
  var web = {};
  var readyResolve, readyReject;
  web.ready = new Promise(function (resolve, reject) { readyResolve = resolve; readyReject = reject; });
  web.ready.catch(function () {});  // the failure is shown on the page; no unhandled rejection
  web.storage = 'indexeddb';        // or 'memory' when IndexedDB cannot be used
  web.isReady = false;
  web.failed = false;

  // [SECTION] Start-up failure: a visible message instead of a blank page.
  web.fail = function (code, message) {
    if (web.failed) return;
    web.failed = true;
    if (window.vastuuShowFailure) window.vastuuShowFailure(code, message);
    readyReject(new Error(message));
  };
  Module.onAbort = function (what) {
    web.fail('abort', 'Vastuu stopped because of an internal error: ' + what);
  };

  // [SECTION] Tabs: one writer, the others read-only followers.
  // The tab holding the Web Lock 'vastuu-writer' is the only one that saves to IndexedDB. A tab that
  // cannot get the lock within a short grace period (a reload's old page may still hold it for a
  // moment) starts read-only: commands are refused (App::run_command, code app.read_only), a banner
  // says so, and after each of the writer's saves (a message on BroadcastChannel 'vastuu') it re-reads
  // the changed pages from IndexedDB. When the writer tab closes, the lock passes to a waiting
  // reader, which re-reads IndexedDB first and then becomes the writer, so no saved change is lost.
  web.role = 'writer';               // 'writer' | 'reader'
  web.follows = 0;                   // times this tab re-read the writer's saves
  var LOCK_NAME = 'vastuu-writer';
  var LOCK_GRACE_MS = 1500;
  var pageStore = Module.vastuuPageStore;
  var channel = null;
  var follow = { busy: false, again: false, changes: {} };
  try { channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('vastuu') : null; } catch (e) { channel = null; }
  // Tells the readers which pages a save changed (generation `base` -> `generation`) and where it put
  // them (the segments it wrote whole, the pages of its batch), so that they read only those; a save
  // that wrote the whole file says so (pages: null) and they read it all.
  function announceSaved(info) {
    if (channel && web.role === 'writer') {
      try {
        channel.postMessage({ type: 'saved', at: Date.now(), generation: info.generation, base: info.base,
          pages: info.full ? null : info.pages, segments: info.segments, batch: info.batch });
      } catch (e) { /* the tab is closing */ }
    }
  }
  // Re-reads IndexedDB into /data (the pages changed since this tab's copy, or all of them) and
  // reopens the database from it; `then` runs afterwards. A save announced while a read is running
  // makes it read again before reopening.
  follow.thens = [];
  follow.promote = false;
  function rereadStorage(then) {
    if (then) follow.thens.push(then);
    if (follow.busy) { follow.again = true; return; }
    follow.busy = true;
    follow.again = false;
    var done = function (err, result) {
      follow.busy = false;
      if (follow.again) { rereadStorage(); return; }
      var thens = follow.thens;
      follow.thens = [];
      follow.changes = {};
      if (follow.promote) {
        follow.promote = false;
        web.role = 'writer';  // before reopening: App::reload_database seeds an empty database only in a writer
        if (err) {
          // Storage could not be read: writing this tab's older copy over it could lose changes.
          console.warn('Vastuu: could not re-read browser storage; this tab keeps its data in memory:', err);
          web.storage = 'memory';
        }
      }
      if (err) console.warn('Vastuu: could not re-read browser storage:', err);
      else if (web.isStarted && result.changed) { ccall('vastuu_reload_database', null, [], []); web.follows++; }
      thens.forEach(function (f) { f(); });
      if (web.isStarted) web.requestRedraw();
    };
    try {
      // A tab about to write reads the whole store: its saves need to know where every page lives.
      pageStore.refresh(follow.changes, done, { whole: follow.promote });
    } catch (e) {
      done(e);
    }
  }
  if (channel) {
    channel.onmessage = function (e) {
      var m = e.data;
      // Before the role is decided (the start-up read runs meanwhile) a save is noted too.
      if ((web.role === 'reader' || !web.roleDecided) && web.storage === 'indexeddb' && m && m.type === 'saved') {
        if (typeof m.generation === 'number') follow.changes[m.generation] = { base: m.base, pages: m.pages, segments: m.segments, batch: m.batch };
        // While the start-up read runs, it may or may not have seen this save: look again after it.
        if (!web.storageLoaded) follow.missed = true;
        else rereadStorage();
      }
    };
  }
  // Called when a waiting reader finally holds the lock: catch up with storage, then write.
  function promote() {
    if (web.role !== 'reader' || follow.promote) return;
    follow.promote = true;
    rereadStorage(function () { console.log('Vastuu: this tab is now the writer'); });
  }
  web.readOnly = function () { return web.role === 'reader'; };

  // [SECTION] Persistence: the page store (web/page_store.js) read into /data/vastuu.sqlite, in
  // memory, before main() opens it. The whole-file store of earlier builds is read when the page
  // store is empty, and the writer migrates it (its first save writes every page, then deletes it).
  // The read starts as soon as app.js has run (web.startStorage, called by web/post.js), together
  // with the writer lock's request, so that it overlaps the wasm module's compilation; preRun puts
  // the file into /data once both are done. A tab that became the writer after its read began
  // checks (with a read begun when the lock came) that storage still holds what it read (a reload's
  // old page may have saved meanwhile), and reads again if not.
  var boot = { started: false, memory: false, preRun: false, decided: false, finishing: false, check: null };
  var memoryMode = function (why, e) {
    console.warn('Vastuu: ' + why + ', running in memory:', e);
    web.storage = 'memory';
    web.role = 'writer';  // nothing is shared: this tab works alone, in memory
    web.roleDecided = true;
  };
  web.startStorage = function () {
    if (boot.started) return;
    boot.started = true;
    // Team mode (web/team.js): the data is the server's; the static app's store is never touched.
    if (Module.vastuuTeam && Module.vastuuTeam.active) { web.roleDecided = true; return; }
    try {
      pageStore.open(function () {});  // where IndexedDB is turned off this throws at once
    } catch (e) {
      boot.memory = true;
      memoryMode('browser storage is unavailable', e);
      return;
    }
    pageStore.startLoad();
    requestWriterLock();
  };
  function decide(role) {
    if (boot.decided) return;
    boot.decided = true;
    web.role = role;
    web.roleDecided = true;
    bootStep();
  }
  // Runs once preRun has come and the role is decided: the start-up read into /data.
  function bootStep() {
    if (!boot.preRun || !boot.decided || boot.finishing) return;
    boot.finishing = true;
    var done = function (err, info) {
      web.storageLoaded = true;
      if (err) {
        memoryMode('could not read browser storage', err);
        removeRunDependency('vastuu-storage');
        return;
      }
      if (follow.missed) { follow.missed = false; if (web.role === 'reader') rereadStorage(); }
      if (info.legacy && web.role === 'writer') migrate();
      else removeRunDependency('vastuu-storage');
    };
    try {
      pageStore.finishLoad(function (err, info) {
        var check = boot.check;
        if (err || web.role !== 'writer' || !check) { done(err, info); return; }
        var compare = function () {
          if (check.err) console.warn('Vastuu: could not check browser storage after the read:', check.err);
          if (check.err || check.generation === info.generation) { done(null, info); return; }
          console.log('Vastuu: storage changed while it was read at start-up: reading it again');
          pageStore.load(done);
        };
        if (check.done) compare(); else check.waiting = compare;
      });
    } catch (e) {
      done(e);
    }
  }
  // The file of an earlier build is in memory now: write it into the page store before main()
  // opens it, so that storage holds it as pages from the first moment (a failure leaves the old
  // store in place, and the next save tries again).
  function migrate() {
    pageStore.save(function (err) {
      if (err) console.warn('Vastuu: could not migrate the earlier whole-file store yet:', err);
      else console.log('Vastuu: migrated the database to the page store');
      removeRunDependency('vastuu-storage');
    });
  }
  function requestWriterLock() {
    if (!(navigator.locks && navigator.locks.request)) { decide('writer'); return; }  // no Web Locks: single writer assumed
    // The grace period starts with preRun (web.startGrace), as it did when the lock was asked for
    // there: a reload's old page gets as long to let go as before.
    web.startGrace = function () {
      if (!boot.decided && !grace) grace = setTimeout(function () { decide('reader'); }, LOCK_GRACE_MS);
    };
    var grace = null;
    var waiting = 0;  // this tab's lock requests still queued
    // What storage holds once this tab holds the lock, asked at once (it runs beside the read).
    var checkStorage = function () {
      var check = boot.check = { done: false, err: null, generation: 0, waiting: null };
      var settle = function (err, generation) {
        check.done = true;
        check.err = err;
        check.generation = generation;
        if (check.waiting) check.waiting();
      };
      try { pageStore.storedGeneration(settle); } catch (e) { settle(e, 0); }
    };
    var granted = function () {
      clearTimeout(grace);
      if (!boot.decided) { checkStorage(); decide('writer'); }
      else promote();
      return new Promise(function () {});  // held until the tab closes (or hands over)
    };
    var failed = function (e) {
      if (e && e.name === 'AbortError' && boot.decided && web.role === 'reader') {
        // This tab handed over to another one (which stole the lock): wait for the lock again.
        if (waiting === 0) requestLock();
        return;
      }
      console.warn('Vastuu: Web Locks failed; this tab writes:', e);
      clearTimeout(grace);
      if (!boot.decided) checkStorage();
      decide('writer');
    };
    var requestLock = function (options) {
      var queued = !(options && options.steal);
      if (queued) waiting++;
      navigator.locks.request(LOCK_NAME, options || {}, function () {
        if (queued) waiting--;
        return granted();
      }).catch(failed);
    };
    requestLock();
    web.stealLock = function () { requestLock({ steal: true }); };
  }
  Module.preRun = Module.preRun || [];
  Module.preRun.push(function () {
    FS.mkdir('/data');
    web.startStorage();  // normally done already, by web/post.js
    if (Module.vastuuTeam && Module.vastuuTeam.active) return;
    if (boot.memory) return;
    pageStore.installTracking();
    boot.preRun = true;
    if (web.startGrace) web.startGrace();
    addRunDependency('vastuu-storage');
    bootStep();
  });

  // [SECTION] Take over: a read-only tab asks the writer to hand over. The writer finishes its save
  // first (so nothing is lost), stops writing, and answers; then the asking tab steals the lock,
  // re-reads storage and writes, and the old writer waits for the lock as a reader.
  web.tabId = Math.random().toString(36).slice(2);
  web.takeOver = function () {
    if (web.role !== 'reader' || !channel) return;
    channel.postMessage({ type: 'takeover', from: web.tabId });
  };
  function handOver(to) {
    if (web.role !== 'writer') return;
    if (save.scheduled) flush();
    web.waitForSave().then(function () {
      if (web.role !== 'writer') return;
      web.role = 'reader';
      console.log('Vastuu: this tab handed over writing to another tab');
      channel.postMessage({ type: 'handover', to: to });
      if (web.isStarted) web.requestRedraw();
    }, function (err) {
      console.warn('Vastuu: not handing over: the last save failed:', err);
    });
  }
  if (channel) {
    channel.addEventListener('message', function (e) {
      var m = e.data || {};
      if (m.type === 'takeover' && web.role === 'writer') handOver(m.from);
      else if (m.type === 'handover' && m.to === web.tabId && web.role === 'reader' && web.stealLock) web.stealLock();
    });
  }

  // [SECTION] Saving: at once after each committed change, one save at a time. Changes committed
  // while a save runs are saved together by the next one, which starts as soon as it finishes, so
  // "Saved" follows a change within about one save's time. A save writes only the changed pages.
  // Save state: 'saved' | 'saving' | 'error' ('memory' when there is no durable storage).
  var save = { state: 'saved', scheduled: false, inFlight: false, again: false, waiters: [], retry: null, attempt: 0, startedAt: 0 };
  var RETRY_MS = 5000, SAVE_TIMEOUT_MS = 60000;
  web.saveError = '';
  web.saveState = function () { return web.storage === 'memory' ? 'memory' : save.state; };
  web.saveStateCode = function () {
    return { saved: 0, saving: 1, error: 2, memory: 3 }[web.saveState()];
  };
  function settleWaiters(error) {
    var waiters = save.waiters;
    save.waiters = [];
    waiters.forEach(function (w) { if (error) w.reject(error); else w.resolve(); });
  }
  // `options.compact`: an idle save that also folds loose pages back into their segments
  // (web/page_store.js), so that start-up keeps reading few, big records.
  function flush(options) {
    save.scheduled = false;
    if (save.retry) { clearTimeout(save.retry); save.retry = null; }
    if (web.role !== 'writer' || web.storage === 'memory') return;
    if (save.inFlight) { save.again = true; return; }
    save.inFlight = true;
    save.again = false;
    var attempt = ++save.attempt;
    var finished = false;
    var finish = function (err, info) {
      if (finished || attempt !== save.attempt) return;
      finished = true;
      clearTimeout(watchdog);
      save.inFlight = false;
      releaseFrames();
      if (info) announceSaved(info);  // stored, whatever comes next: readers may read it
      if (save.again) { save.again = false; save.startedAt = performance.now(); flush(); return; }
      if (err) {
        console.warn('Vastuu: saving to browser storage failed:', err);
        save.state = 'error';
        web.saveError = (err && (err.name || err.message)) ? String(err.name || '') + (err.message ? ': ' + err.message : '') : String(err);
        settleWaiters(new Error('saving to browser storage failed: ' + web.saveError));
        if (!save.scheduled) save.retry = setTimeout(flush, RETRY_MS);  // try again; the data is still in memory
      } else if (!save.scheduled) {
        save.state = 'saved';
        web.saveError = '';
        settleWaiters(null);
        if (pageStore.compactionDue() && !save.compactTimer) save.compactTimer = setTimeout(compactWhenIdle, COMPACT_IDLE_MS);
      }
      web.requestRedraw(1);  // the status line: one frame shows it
    };
    // A transaction that never reports back (it should not happen) must not leave "Saving…" forever.
    var watchdog = setTimeout(function () { finish(new Error('saving timed out')); }, SAVE_TIMEOUT_MS);
    try {
      pageStore.save(finish, options);
    } catch (e) {
      finish(e);
    }
  }
  // Compaction waits until no save has run for COMPACT_IDLE_MS, so it never delays a change's save.
  var COMPACT_IDLE_MS = 2000;
  function compactWhenIdle() {
    save.compactTimer = null;
    if (!pageStore.compactionDue() || web.role !== 'writer' || web.storage === 'memory' || save.state !== 'saved') return;
    if (save.inFlight || save.scheduled || performance.now() - save.startedAt < COMPACT_IDLE_MS) {
      save.compactTimer = setTimeout(compactWhenIdle, COMPACT_IDLE_MS);
      return;
    }
    flush({ compact: true });
  }
  // A change committed: save once the current JavaScript task is done (so the commands of one task
  // are saved together), or right after the save that is running.
  web.databaseChanged = function () {
    if (web.storage === 'memory' || web.role !== 'writer') return;
    save.state = 'saving';
    if (save.inFlight) {
      save.again = true;
    } else if (!save.scheduled) {
      save.scheduled = true;
      save.startedAt = performance.now();
      Promise.resolve().then(function () { if (save.scheduled) flush(); });
    }
    web.requestRedraw();
  };
  web.waitForSave = function () {
    var state = web.saveState();
    if (state === 'saved') return Promise.resolve();
    if (state === 'memory') return Promise.reject(new Error('no browser storage: the data is only in memory'));
    if (state === 'error' && !save.scheduled && !save.inFlight) return Promise.reject(new Error('saving to browser storage failed: ' + web.saveError));
    return new Promise(function (resolve, reject) { save.waiters.push({ resolve: resolve, reject: reject }); });
  };
  web.storeStats = function () { return pageStore.stats; };
  // Leaving the page: a change not yet saved is saved at once anyway; one that is still being saved
  // may be cut off (best effort), but a save is one transaction, so IndexedDB holds the old state or
  // the new one.
  window.addEventListener('pagehide', function () { if (save.scheduled) flush(); });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && save.scheduled) flush();
  });

  // [SECTION] Frames on demand: requestAnimationFrame only while something needs drawing.
  var frames = { pending: 0, scheduled: false, blinkTimer: null, holdTimer: null };
  web.frameCount = 0;
  // While an ImGui text field is active a hidden textarea holds the focus, so that text which arrives
  // without a keypress event (IME, dead keys, on-screen keyboards, scripted insertText) still reaches
  // ImGui; text that came with keypress events is left to GLFW.
  var textInput = { element: null, sawKeypress: false };
  function focusTextInput() {
    var el = textInput.element;
    if (el && document.activeElement !== el) el.focus({ preventScroll: true });
  }
  function setUpTextInput() {
    var el = document.getElementById('text-input');
    if (!el) return;
    textInput.element = el;
    window.addEventListener('keypress', function () { textInput.sawKeypress = true; }, true);
    el.addEventListener('input', function (e) {
      var text = el.value;
      el.value = '';
      if (e.isComposing) return;
      if (!textInput.sawKeypress && text && e.inputType !== 'insertLineBreak') {
        ccall('vastuu_add_text', null, ['string'], [text]);
        web.requestRedraw();
      }
      textInput.sawKeypress = false;
    });
    el.addEventListener('compositionend', function (e) {
      el.value = '';
      if (e.data) { ccall('vastuu_add_text', null, ['string'], [e.data]); web.requestRedraw(); }
      textInput.sawKeypress = false;
    });
  }
  // While a save's transaction runs, the next frames wait for it (at most FRAME_HOLD_MS): drawing
  // a frame can hold the browser up for far longer than the few milliseconds a small save takes
  // (in software-rendered WebGL, as in headless Chromium, a frame's GPU work delays IndexedDB's
  // answer by 100-600 ms), and "Saved" matters more than the settling frames after a change.
  var FRAME_HOLD_MS = 50;
  function schedule() {
    if (frames.scheduled || !web.isStarted || web.failed) return;
    if ((save.scheduled || save.inFlight) && !frames.holdTimer && performance.now() - save.startedAt < FRAME_HOLD_MS) {
      frames.holdTimer = setTimeout(releaseFrames, FRAME_HOLD_MS - (performance.now() - save.startedAt));
      return;
    }
    if (frames.holdTimer) return;
    frames.scheduled = true;
    requestAnimationFrame(tick);
  }
  function releaseFrames() {
    if (frames.holdTimer) { clearTimeout(frames.holdTimer); frames.holdTimer = null; }
    if (frames.pending > 0) schedule();
  }
  function tick() {
    if (web.failed) return;
    var flags = Module._vastuu_frame();  // may ask for redraws itself: `scheduled` is still true here
    frames.scheduled = false;
    web.frameCount++;
    if (!web.isReady) {
      web.isReady = true;
      var loading = document.getElementById('loading');
      if (loading) loading.remove();
      readyResolve();
    }
    if (flags & 2) focusTextInput();
    syncRoute();
    frames.pending--;
    if (flags & 1) frames.pending = Math.max(frames.pending, 3);
    if (frames.pending > 0) {
      schedule();
    } else if ((flags & 2) && !frames.blinkTimer) {
      // A text field is active: a slow redraw for the cursor blink, nothing faster.
      frames.blinkTimer = setTimeout(function () { frames.blinkTimer = null; web.requestRedraw(1); }, 400);
    }
  }
  // True when no frame is due: every queued input event has been drawn and the layout has settled.
  web.framesIdle = function () { return frames.pending <= 0 && !frames.scheduled && !frames.holdTimer; };
  // Asks for `count` more frames (ImGui settles hover, popups and layout over a few frames).
  web.requestRedraw = function (count) {
    frames.pending = Math.max(frames.pending, count || 4);
    schedule();
  };
  web.started = function () {
    web.isStarted = true;
    // Pages left loose by an earlier session are folded back too, once the page is idle.
    if (web.role === 'writer' && web.storage === 'indexeddb' && pageStore.compactionDue() && !save.compactTimer) {
      save.compactTimer = setTimeout(compactWhenIdle, COMPACT_IDLE_MS);
    }
    var redraw = function () { web.requestRedraw(); };
    var canvas = Module.canvas;
    ['mousemove', 'mousedown', 'mouseup', 'wheel', 'touchstart', 'touchmove', 'touchend', 'mouseleave',
     'mouseenter', 'contextmenu'].forEach(function (type) {
      canvas.addEventListener(type, redraw, { passive: true });
    });
    ['keydown', 'keyup', 'keypress', 'resize', 'focus', 'blur', 'paste'].forEach(function (type) {
      window.addEventListener(type, redraw, { passive: true });
    });
    document.addEventListener('visibilitychange', redraw);
    if (window.matchMedia) {
      // Zoom and moving to another screen change devicePixelRatio without a resize on some browsers.
      var watchRatio = function () {
        var mq = window.matchMedia('(resolution: ' + window.devicePixelRatio + 'dppx)');
        var onChange = function () { mq.removeEventListener('change', onChange); redraw(); watchRatio(); };
        mq.addEventListener('change', onChange);
      };
      watchRatio();
    }
    canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
    window.addEventListener('paste', function (e) {
      var text = e.clipboardData ? e.clipboardData.getData('text') : '';
      ccall('vastuu_set_clipboard_from_browser', null, ['string'], [text]);
    });
    setUpTextInput();
    window.addEventListener('popstate', function () {
      if (route.ignorePop) {  // our own step back: keep the entry, with the filters as they are now
        route.ignorePop = false;
        try { history.replaceState(history.state, '', route.current); } catch (e) { /* see syncRoute */ }
        return;
      }
      openRoute(location.hash);
    });
    if (location.hash) openRoute(location.hash);  // a reload or a pasted link: the same place
    canvas.focus();
    web.requestRedraw(6);
  };

  // [SECTION] The address bar: the app's place (App::route) as the URL's fragment. A new view or a
  // card opened is a new history entry (Back and Forward move between them); a filter changed updates
  // the entry; closing a card steps back to the entry it was opened from.
  var route = { current: '', ignorePop: false };
  function routePath(r) { var q = r.indexOf('?'); return q < 0 ? r : r.slice(0, q); }
  function openRoute(hash) {
    ccall('vastuu_open_route', null, ['string'], [hash || '']);
    route.current = hash || '';
    web.requestRedraw();
  }
  function syncRoute() {
    var r = ccall('vastuu_route', 'string', [], []);
    if (!r || r === route.current) return;
    var state = history.state || {};
    var was = routePath(route.current), now = routePath(r);
    try {
      if (!route.current || now === was) {
        history.replaceState({ depth: state.depth || 0, from: state.from || '' }, '', r);
      } else if (state.from === now && was.indexOf(now + '/') === 0 && state.depth > 0) {
        route.ignorePop = true;  // a card closed: back to where it was opened
        history.back();
      } else {
        history.pushState({ depth: (state.depth || 0) + 1, from: was }, '', r);
      }
    } catch (e) { /* a sandboxed page may refuse history changes: the app works without them */ }
    route.current = r;
  }

  // [SECTION] Files: downloads and the "Open database" picker.
  web.lastDownload = null;
  web.download = function (name, mime, bytes) {
    web.lastDownload = { name: name, mime: mime, size: bytes.length };
    var url = URL.createObjectURL(new Blob([bytes], { type: mime }));
    var a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.style.display = 'none';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  };
  // `ask`: the user picked the file, and the app asks before it replaces anything (the copy waits in
  // /tmp/offer.sqlite); else (the automation API) it opens at once.
  web.openDatabaseBytes = function (bytes, name, ask) {
    var path = ask ? '/tmp/offer.sqlite' : '/tmp/open.sqlite';
    FS.writeFile(path, bytes);
    var reply = ccall('vastuu_open_database_file', 'string', ['string', 'string', 'number'],
                      [path, name || '', ask ? 1 : 0]);
    web.requestRedraw();
    return JSON.parse(reply);
  };
  // A busy overlay over the canvas (shell.html #busy) while a big file is read and checked: the
  // spinner is a CSS animation, which keeps turning while the check itself blocks the page.
  web.busyText = '';
  web.setBusy = function (text) {
    web.busyText = text || '';
    var box = document.getElementById('busy');
    if (!box) return;
    var label = document.getElementById('busy-text');
    if (label) label.textContent = web.busyText;
    box.style.display = web.busyText ? 'flex' : 'none';
  };
  function tr(key, args) {
    var text = ccall('vastuu_tr', 'string', ['string'], [key]);
    (args || []).forEach(function (a, i) { text = text.split('{' + i + '}').join(String(a)); });
    return text;
  }
  // Waits until the browser has painted (two animation frames), so that the busy overlay is seen.
  function afterPaint(then) {
    requestAnimationFrame(function () { requestAnimationFrame(function () { setTimeout(then, 0); }); });
  }
  // Reads a picked file with a progress note on the busy overlay, then hands its bytes to `use`
  // after the "checking" note (`checkingKey`) has been painted: a big file shows progress, then busy.
  function readPickedFile(file, checkingKey, use) {
    var mb = (file.size / 1e6).toFixed(1);  // decimal megabytes, as file managers show them
    web.setBusy(tr('busy.reading_file', [file.name, mb, 0]));
    var reader = new FileReader();
    reader.onprogress = function (e) {
      if (e.lengthComputable) web.setBusy(tr('busy.reading_file', [file.name, mb, Math.floor(100 * e.loaded / e.total)]));
    };
    reader.onerror = function () {
      web.setBusy('');
      console.warn('Vastuu: could not read the chosen file:', reader.error);
    };
    reader.onload = function () {
      web.setBusy(tr(checkingKey, [file.name, mb]));
      afterPaint(function () {
        try {
          use(new Uint8Array(reader.result));
        } finally {
          web.setBusy('');
        }
      });
    };
    reader.readAsArrayBuffer(file);
  }
  // Opens the browser's file chooser of the hidden <input type=file> `inputId` (shell.html).
  function pickFile(inputId, onFile) {
    var input = document.getElementById(inputId);
    if (!input) return;
    input.value = '';
    input.onchange = function () {
      var file = input.files && input.files[0];
      if (file) onFile(file);
    };
    input.click();
  }
  web.openDatabaseFile = function (file) {
    readPickedFile(file, 'busy.checking_db', function (bytes) {
      web.lastOpenReply = web.openDatabaseBytes(bytes, file.name, true);
    });
  };
  web.askOpenDatabase = function () { pickFile('open-db', web.openDatabaseFile); };

  // Import (File › Import data): the picked file goes to the app's import dialog, which previews it.
  web.openImportBytes = function (bytes, name) {
    FS.writeFile('/tmp/import.bin', bytes);
    var reply = ccall('vastuu_open_import_file', 'string', ['string', 'string'], ['/tmp/import.bin', name || '']);
    web.requestRedraw();
    return JSON.parse(reply);
  };
  web.openImportFile = function (file) {
    readPickedFile(file, 'busy.checking_import', function (bytes) {
      web.lastImportReply = web.openImportBytes(bytes, file.name);
    });
  };
  web.askOpenImport = function () { pickFile('open-import', web.openImportFile); };

  // [SECTION] Settings (language, theme) and the clipboard.
  web.loadSetting = function (key) {
    var value = null;
    try { value = window.localStorage.getItem('vastuu.' + key); } catch (e) { value = null; }
    if (value === null && key === 'language') {
      value = /^fi\b/i.test(navigator.language || '') ? 'fi' : 'en';
    }
    return value || '';
  };
  web.saveSetting = function (key, value) {
    try { window.localStorage.setItem('vastuu.' + key, value); } catch (e) { /* private mode: not kept */ }
  };
  web.setClipboard = function (text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).catch(function () {});
    }
  };
  return web;
})();
