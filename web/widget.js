// Encore's chat widget: Rasa's Socket.IO channel (session_persistence: true).
//
// The session id and the messages shown are kept in localStorage, so a reload resumes the
// same conversation: the server keeps its context under the same session id (tracker store),
// and the page redraws what was said. The server issues the id (session_confirm) and confirms
// it again only if it issued it; when it confirms another one, the conversation starts afresh.
// With the channel's token authentication on, the page's config names the visitor's token
// (window.ENCORE_CONFIG.token), sent when the socket connects. All text is inserted with
// textContent, never as HTML; http(s) addresses in the bot's text become links (built as
// elements, opened in a new tab).
// Each message shows its time; a row of buttons answers once (then it is disabled, also after
// a reload); "Encore is typing…" shows from a message sent until the bot's answer comes; after
// "delete my data" the transcript kept in the browser is cleared as well.
// Each reply of the bot that the server sent with its id (encore_reply, the timestamp of its
// event in the conversation) has a thumbs up and a thumbs down button. A press sends the rating
// once (encore_feedback over the same socket, so it is stored in this session's conversation and
// no other: rasa_plugins/socketio_channel.py); the pressed button shows it (aria-pressed) and
// both stop taking presses (aria-disabled: they keep the focus and can still be read). If the
// server does not store it, the buttons take a press again.
//
// Keyboard and screen readers: the messages are an ARIA log (read out as they come), each
// with a hidden "You:" or "Encore:"; the status and "Encore is typing…" are status regions; a
// row of buttons is a group. Opening the chat puts the focus in the input (once connected),
// Escape or × closes it and gives the focus back to the chat button, and after a choice
// button the focus goes back to the input. On a narrow screen the chat fills it (widget.css).
(function () {
  "use strict";

  var config = window.ENCORE_CONFIG || {};
  var SESSION_KEY = "encore.session_id";
  var HISTORY_KEY = "encore.history";
  var MAX_HISTORY = 200;

  var launcher = document.getElementById("encore-launcher");
  var panel = document.getElementById("encore-chat");
  var closeButton = document.getElementById("encore-close");
  var list = document.getElementById("encore-messages");
  var form = document.getElementById("encore-form");
  var input = document.getElementById("encore-input");
  var send = document.getElementById("encore-send");
  var status = document.getElementById("encore-status");
  var typing = document.getElementById("encore-typing");
  var TYPING_TIMEOUT_MS = 30000;
  var URL_PATTERN = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;
  var typingTimer = null;
  var focusWhenReady = false;

  var sessionId = readStorage(SESSION_KEY);
  var history = [];
  var socket = null;

  function readStorage(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function writeStorage(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: no persistence */ }
  }

  function loadHistory() {
    try {
      var saved = JSON.parse(readStorage(HISTORY_KEY) || "{}");
      return saved && saved.session_id === sessionId && Array.isArray(saved.messages) ? saved.messages : [];
    } catch (e) {
      return [];
    }
  }

  function saveHistory() {
    writeStorage(HISTORY_KEY, JSON.stringify({ session_id: sessionId, messages: history.slice(-MAX_HISTORY) }));
  }

  function setStatus(state, label) {
    status.dataset.state = state;
    status.textContent = label;
    var ready = state === "online";
    input.disabled = !ready;
    send.disabled = !ready;
    if (ready && focusWhenReady && !panel.hidden) {
      focusWhenReady = false;
      input.focus();
    }
  }

  // A message sent by a button: the button is disabled now, so the focus goes to the input.
  function focusInput() {
    if (!panel.hidden && !input.disabled) {
      input.focus();
    } else {
      focusWhenReady = true;
    }
  }

  function setTyping(on) {
    if (!typing) {
      return;
    }
    typing.hidden = !on;
    window.clearTimeout(typingTimer);
    if (on) {
      typingTimer = window.setTimeout(function () { typing.hidden = true; }, TYPING_TIMEOUT_MS);
    }
  }

  // The bot's text, with http(s) addresses as links: text nodes and <a> elements only.
  function fillText(bubble, text, links) {
    if (!links) {
      bubble.textContent = text;
      return;
    }
    var last = 0;
    text.replace(URL_PATTERN, function (url, at) {
      var link = document.createElement("a");
      link.href = url;
      if (link.protocol !== "http:" && link.protocol !== "https:") {
        return url;  // not a web address after all: it stays in the text
      }
      bubble.appendChild(document.createTextNode(text.slice(last, at)));
      link.textContent = url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      bubble.appendChild(link);
      last = at + url.length;
      return url;
    });
    bubble.appendChild(document.createTextNode(text.slice(last)));
  }

  function clock(iso) {
    var when = iso ? new Date(iso) : null;
    if (!when || isNaN(when.getTime())) {
      return "";
    }
    return when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  }

  // A thumb drawn in SVG (no emoji font needed); the thumbs down is the same, turned over (CSS).
  var SVG = "http://www.w3.org/2000/svg";
  var THUMB = "M2 10h4v11H2zM8 10l4.5-7c1-1 2.5-.4 2.5 1l-1 5h6c1.2 0 2 1 1.8 2.2L20 19.5c-.2.9-1 1.5-2 1.5H8z";
  var RATINGS = [
    { rating: "up", label: "Helpful" },
    { rating: "down", label: "Not helpful" },
  ];

  function thumbIcon() {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", THUMB);
    svg.appendChild(path);
    return svg;
  }

  // The two rating buttons of a bot reply (message.reply is its id; message.rating the choice).
  function ratingGroup(message) {
    var group = document.createElement("div");
    group.className = "encore-rating";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Rate this reply");
    var buttons = RATINGS.map(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "encore-thumb " + choice.rating;
      button.dataset.rating = choice.rating;
      button.setAttribute("aria-label", choice.label);
      button.title = choice.label;
      button.appendChild(thumbIcon());
      button.addEventListener("click", function () { rate(message, choice.rating, show); });
      group.appendChild(button);
      return button;
    });
    function show() {
      buttons.forEach(function (button) {
        button.setAttribute("aria-pressed", String(message.rating === button.dataset.rating));
        button.setAttribute("aria-disabled", String(Boolean(message.rating)));
      });
    }
    show();
    return group;
  }

  // A rating is sent once; the server's answer says whether it was stored.
  function rate(message, rating, show) {
    if (message.rating || !socket) {
      return;
    }
    message.rating = rating;
    saveHistory();
    show();
    socket.emit("encore_feedback", { rating: rating, reply: message.reply }, function (answer) {
      var status = answer && answer.status;
      if (status !== "stored" && status !== "already rated") {
        message.rating = null;  // not stored: it can be given again
        saveHistory();
        show();
      }
    });
  }

  // One message: {from: "user"|"bot", text, buttons: [{title, payload}], time (ISO), answered,
  // and for a bot reply that can be rated: reply (its id), rating ("up", "down" or null)}.
  function render(message) {
    var item = document.createElement("li");
    item.className = "encore-message " + (message.from === "user" ? "user" : "bot");
    var speaker = document.createElement("span");
    speaker.className = "encore-sr";  // read by screen readers, not shown
    speaker.textContent = message.from === "user" ? "You:" : "Encore:";
    item.appendChild(speaker);
    var bubble = document.createElement("div");
    bubble.className = "encore-text";
    fillText(bubble, String(message.text || ""), message.from !== "user");
    item.appendChild(bubble);
    if (message.buttons && message.buttons.length) {
      var row = document.createElement("div");
      row.className = "encore-buttons";
      row.setAttribute("role", "group");
      row.setAttribute("aria-label", "Choices");
      message.buttons.forEach(function (button) {
        var element = document.createElement("button");
        element.type = "button";
        element.textContent = String(button.title || "");
        element.disabled = Boolean(message.answered);
        element.addEventListener("click", function () {
          if (message.answered) {
            return;
          }
          message.answered = true;  // a choice is made once: the row is disabled, and stays so
          row.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
          saveHistory();
          sendMessage(String(button.payload || button.title || ""), String(button.title || ""));
          focusInput();
        });
        row.appendChild(element);
      });
      item.appendChild(row);
    }
    var meta = document.createElement("div");
    meta.className = "encore-meta";
    var time = clock(message.time);
    if (time) {
      var stamp = document.createElement("time");
      stamp.className = "encore-time";
      stamp.dateTime = message.time;
      stamp.textContent = time;
      meta.appendChild(stamp);
    }
    if (message.from !== "user" && typeof message.reply === "number") {
      meta.appendChild(ratingGroup(message));
    }
    if (meta.firstChild) {
      item.appendChild(meta);
    }
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }

  function add(message) {
    message.time = message.time || new Date().toISOString();
    history.push(message);
    saveHistory();
    render(message);
  }

  function sendMessage(payload, shown) {
    if (!socket || !sessionId || !payload.trim()) {
      return;
    }
    add({ from: "user", text: shown || payload, buttons: [] });
    setTyping(true);
    socket.emit("user_uttered", { message: payload, session_id: sessionId });
  }

  // After "delete my data" the server asks the page to forget its copy of the transcript too.
  function forgetTranscript() {
    history = [];
    list.textContent = "";
    saveHistory();
  }

  function onBotMessage(data) {
    if (!data) {
      return;
    }
    if (data.encore_forget_transcript === true) {
      forgetTranscript();
      return;
    }
    var buttons = (data.quick_replies || data.buttons || []).map(function (b) {
      return { title: b.title, payload: b.payload };
    });
    var text = typeof data.text === "string" ? data.text : "";
    if (!text && data.attachment && data.attachment.payload && data.attachment.payload.src) {
      text = String(data.attachment.payload.src);
    }
    if (text || buttons.length) {
      setTyping(false);
      var message = { from: "bot", text: text, buttons: buttons };
      if (typeof data.encore_reply === "number" && isFinite(data.encore_reply)) {
        message.reply = data.encore_reply;
        message.rating = null;
      }
      add(message);
    }
  }

  function connect() {
    if (socket) {
      return;
    }
    if (typeof window.io !== "function") {
      setStatus("offline", "chat unavailable");
      return;
    }
    var options = { path: config.socketPath || "/socket.io/", transports: ["websocket", "polling"] };
    if (typeof config.token === "string" && config.token) {
      options.auth = { token: config.token };
    }
    socket = window.io(config.socketUrl, options);
    socket.on("connect", function () {
      setStatus("connecting", "connecting…");
      socket.emit("session_request", { session_id: sessionId });
    });
    socket.on("session_confirm", function (confirmed) {
      var id = typeof confirmed === "string" ? confirmed : confirmed && confirmed.session_id;
      if (id && id !== sessionId) {
        sessionId = id;
        writeStorage(SESSION_KEY, id);
        history = [];
        list.textContent = "";
        saveHistory();
      }
      setStatus("online", "online");
    });
    socket.on("bot_uttered", onBotMessage);
    socket.on("disconnect", function () { setStatus("connecting", "reconnecting…"); });
    socket.on("connect_error", function () { setStatus("offline", "cannot reach Encore"); });
  }

  function open(focus) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    connect();
    if (focus) {
      focusInput();  // the input is disabled until the chat is online: then it gets the focus
    }
  }

  function close() {
    panel.hidden = true;
    focusWhenReady = false;
    launcher.setAttribute("aria-expanded", "false");
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) {
      open(true);
    } else {
      close();
    }
  });
  closeButton.addEventListener("click", close);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      event.preventDefault();
      close();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    sendMessage(text);
  });

  history = loadHistory();
  history.forEach(render);
  // A returning visitor with a conversation gets the chat open, as they left it.
  if (sessionId && history.length) {
    open(false);
  }
})();
