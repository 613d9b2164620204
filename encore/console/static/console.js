// The operators' console. Everything users typed is shown with textContent: never as HTML.
(function () {
  "use strict";

  const selected = new Map(); // "sender\u0000message id" -> {sender_id, message_id, intent}
  let intents = [];

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  async function getJSON(url) {
    const response = await fetch(url, { credentials: "same-origin" });
    if (!response.ok) throw new Error((await response.json()).error || response.statusText);
    return response.json();
  }

  function when(timestamp) {
    return new Date(timestamp * 1000).toISOString().replace("T", " ").slice(0, 19);
  }

  function percent(value) {
    return (value * 100).toFixed(0) + "%";
  }

  // -- review ------------------------------------------------------------------------------

  function filterQuery() {
    const params = new URLSearchParams();
    params.set("kind", document.getElementById("filter-kind").value);
    params.set("below", document.getElementById("filter-below").value);
    params.set("text", document.getElementById("filter-text").value);
    params.set("intent", document.getElementById("filter-intent").value);
    params.set("days", document.getElementById("filter-days").value);
    return params.toString();
  }

  function intentSelect(turn, key) {
    const select = el("select", { class: "export-intent", "aria-label": "Intent for the export" });
    for (const name of intents) {
      const option = el("option", { value: name }, name);
      if (name === turn.top_intent) option.selected = true;
      select.appendChild(option);
    }
    select.addEventListener("change", () => {
      if (selected.has(key)) selected.get(key).intent = select.value;
    });
    return select;
  }

  function turnRow(conversation, turn) {
    const key = conversation.sender_id + "\u0000" + turn.message_id;
    const row = el("tr", { class: "turn" + (turn.match ? " match" : ""), "data-index": String(turn.index) });

    const pick = el("td");
    const box = el("input", { type: "checkbox", class: "export-pick", "aria-label": "Select for the export" });
    const select = intentSelect(turn, key);
    box.checked = selected.has(key);
    box.addEventListener("change", () => {
      if (box.checked) {
        selected.set(key, { sender_id: conversation.sender_id, message_id: turn.message_id, intent: select.value });
      }
      else selected.delete(key);
      document.getElementById("export-count").textContent = String(selected.size);
    });
    pick.append(box, select);
    row.appendChild(pick);

    row.appendChild(el("td", { class: "time" }, when(turn.timestamp)));
    row.appendChild(el("td", { class: "user-text" }, turn.text));

    const nlu = el("td", { class: "intent" });
    nlu.appendChild(el("span", { class: "intent-name" }, turn.intent));
    nlu.appendChild(document.createTextNode(" "));
    nlu.appendChild(el("span", { class: "confidence" }, turn.confidence.toFixed(2)));
    if (turn.top_intent !== turn.intent) {
      nlu.appendChild(el("div", { class: "top-intent" },
        "first guess: " + turn.top_intent + " " + turn.top_confidence.toFixed(2)));
    }
    const flags = el("div");
    if (turn.fallback) flags.appendChild(el("span", { class: "flag fallback" }, "fallback"));
    if (turn.top_confidence < Number(document.getElementById("filter-below").value)) {
      flags.appendChild(el("span", { class: "flag low" }, "low confidence"));
    }
    if (turn.frustrated) flags.appendChild(el("span", { class: "flag frustrated" }, "frustrated"));
    if (turn.thumbs_down) flags.appendChild(el("span", { class: "flag thumbs-down" }, "thumbs down"));
    nlu.appendChild(flags);
    row.appendChild(nlu);

    const entities = el("td", { class: "entities" });
    const list = el("ul", { class: "plain" });
    for (const entity of turn.entities) list.appendChild(el("li", {}, entity.entity + " = " + entity.value));
    entities.appendChild(list);
    row.appendChild(entities);

    row.appendChild(el("td", { class: "sentiment" },
      turn.sentiment ? turn.sentiment + " " + Number(turn.sentiment_score).toFixed(2) : ""));

    const actions = el("td", { class: "actions" });
    const actionList = el("ul", { class: "plain" });
    for (const action of turn.actions) {
      const policy = action.policy ? " (" + action.policy.replace(/^policy_\d+_/, "") + ")" : "";
      actionList.appendChild(el("li", {}, action.name + policy));
    }
    actions.appendChild(actionList);
    row.appendChild(actions);

    const replies = el("td", { class: "replies" });
    const replyList = el("ul", { class: "plain" });
    turn.replies.forEach((reply, at) => {
      const item = el("li", { class: "user-text" }, reply);
      const rating = (turn.reply_ratings || [])[at];
      if (rating === "up" || rating === "down") {
        // the user's thumb on this reply, after its text
        item.setAttribute("data-rating", rating);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(el("span", { class: "flag rating " + rating }, "thumbs " + rating));
      }
      replyList.appendChild(item);
    });
    replies.appendChild(replyList);
    row.appendChild(replies);
    return row;
  }

  function conversationCard(conversation) {
    const card = el("article", { class: "conversation", "data-sender": conversation.sender_id });
    const title = el("h3");
    title.appendChild(el("span", { class: "sender" }, conversation.sender_id));
    title.appendChild(document.createTextNode(
      " · " + when(conversation.started) + " · " + conversation.turns.length + " messages, "
      + conversation.matches + " matching"));
    card.appendChild(title);
    const table = el("table", { class: "turns" });
    const head = el("tr");
    for (const name of ["export", "time", "user said", "intent", "entities", "sentiment", "actions", "bot said"]) {
      head.appendChild(el("th", { scope: "col" }, name));
    }
    table.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    for (const turn of conversation.turns) body.appendChild(turnRow(conversation, turn));
    table.appendChild(body);
    card.appendChild(table);
    return card;
  }

  async function loadReview() {
    const status = document.getElementById("review-status");
    const list = document.getElementById("conversations");
    status.textContent = "Loading…";
    try {
      const data = await getJSON("/api/conversations?" + filterQuery());
      list.replaceChildren(...data.conversations.map(conversationCard));
      status.textContent = data.conversations.length + " conversation(s)";
    } catch (error) {
      status.textContent = "Could not load the conversations: " + error.message;
    }
  }

  async function exportSelected() {
    const status = document.getElementById("export-status");
    const output = document.getElementById("export-yaml");
    if (selected.size === 0) {
      status.textContent = "Tick at least one user message.";
      return;
    }
    const response = await fetch("/api/export", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ items: Array.from(selected.values()) }),
    });
    if (!response.ok) {
      status.textContent = "Export failed: " + (await response.json()).error;
      return;
    }
    output.value = await response.text();
    status.textContent = selected.size + " message(s) exported.";
  }

  // -- numbers -----------------------------------------------------------------------------

  async function loadNumbers() {
    const days = document.getElementById("filter-days").value;
    const data = await getJSON("/api/numbers?days=" + encodeURIComponent(days));
    const rate = data.total_messages ? percent(data.total_fallbacks / data.total_messages) : "0%";
    document.getElementById("numbers-summary").textContent =
      data.total_messages + " user messages, " + data.total_fallbacks + " fallbacks (" + rate + "), "
      + data.total_handoffs + " handoff tickets, " + data.total_thumbs_up + " thumbs up and "
      + data.total_thumbs_down + " thumbs down in the last " + days + " days";
    const stamp = Date.now();
    for (const name of ["messages", "fallback_rate", "intents", "sentiment", "handoffs"]) {
      document.getElementById("chart-" + name).src =
        "/charts/" + name + ".svg?days=" + encodeURIComponent(days) + "&t=" + stamp;
    }
    const body = document.querySelector("#numbers-days tbody");
    body.replaceChildren(...data.days.map((day) => {
      const row = el("tr");
      row.appendChild(el("th", { scope: "row" }, day.day));
      row.appendChild(el("td", {}, day.messages));
      row.appendChild(el("td", {}, day.fallbacks));
      row.appendChild(el("td", {}, percent(day.fallback_rate)));
      row.appendChild(el("td", {}, day.sentiment === null ? "" : day.sentiment.toFixed(2)));
      row.appendChild(el("td", {}, day.handoffs));
      row.appendChild(el("td", {}, day.thumbs_up));
      row.appendChild(el("td", {}, day.thumbs_down));
      return row;
    }));
  }

  // -- handoffs ----------------------------------------------------------------------------

  const cards = new Map(); // ticket id -> {card, parts}

  async function postJSON(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.error || response.statusText);
    return data;
  }

  function agentName() {
    return document.getElementById("agent-name").value.trim();
  }

  async function act(ticketId, verb, extra) {
    const status = document.getElementById("handoff-status");
    try {
      await postJSON("/api/handoffs/" + encodeURIComponent(ticketId) + "/" + verb,
        Object.assign({ agent: agentName() }, extra || {}));
      status.textContent = "";
    } catch (error) {
      status.textContent = "Could not " + verb + " " + ticketId + ": " + error.message;
    }
    await loadHandoffs();
  }

  function speaker(message) {
    if (message.from === "agent") return message.agent + " (agent): ";
    if (message.from === "user") return "User: ";
    if (message.from === "bot") return "Encore: ";
    return "";
  }

  function ticketCard(ticket) {
    const card = el("article", { class: "ticket", "data-ticket": ticket.ticket_id, "data-sender": ticket.sender });
    const title = el("h3");
    const state = el("span", { class: "ticket-state" });
    title.append(el("span", {}, ticket.ticket_id + " · opened " + ticket.created + " · "), state);
    card.appendChild(title);

    const summary = ticket.sentiment_summary || {};
    card.appendChild(el("p", { class: "ticket-summary" },
      "Sentiment: " + (summary.turns || 0) + " messages, " + (summary.negative || 0) + " negative, mean "
      + Number(summary.mean_score || 0).toFixed(2) + ", last " + (summary.last || "neutral")));

    const columns = el("div", { class: "columns" });
    const before = el("div");
    before.appendChild(el("h4", {}, "Transcript before the handoff"));
    const transcript = el("ol", { class: "transcript" });
    for (const line of ticket.transcript || []) {
      transcript.appendChild(el("li", { "data-from": line.from }, (line.from === "user" ? "User: " : "Encore: ") + line.text));
    }
    before.appendChild(transcript);
    before.appendChild(el("h4", {}, "Sentiment trail"));
    const trail = el("ol", { class: "trail" });
    for (const entry of ticket.sentiment_trail || []) {
      trail.appendChild(el("li", {}, entry.label + " " + Number(entry.score).toFixed(2)));
    }
    before.appendChild(trail);

    const now = el("div");
    now.appendChild(el("h4", {}, "Conversation since the ticket"));
    const live = el("ol", { class: "live", "aria-live": "polite" });
    now.appendChild(live);
    const claim = el("button", { type: "button", class: "claim" }, "Claim");
    claim.addEventListener("click", () => act(ticket.ticket_id, "claim"));
    const form = el("form", { class: "reply" });
    const input = el("input", { class: "reply-text", "aria-label": "Reply to the user", maxlength: "2000" });
    const send = el("button", { type: "submit", class: "send" }, "Send");
    form.append(input, send);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      input.value = "";
      await act(ticket.ticket_id, "reply", { text: text });
    });
    const release = el("button", { type: "button", class: "release" }, "Hand back to the bot");
    release.addEventListener("click", () => act(ticket.ticket_id, "release"));
    now.append(claim, form, release);
    columns.append(before, now);
    card.appendChild(columns);
    return { card: card, state: state, live: live, claim: claim, form: form, release: release };
  }

  function updateCard(parts, ticket) {
    const mine = ticket.status === "claimed" && ticket.agent === agentName();
    parts.state.textContent = ticket.status === "claimed" ? "claimed by " + ticket.agent : ticket.status;
    parts.card.setAttribute("data-status", ticket.status);
    parts.claim.hidden = ticket.status !== "open";
    parts.form.hidden = !mine;
    parts.release.hidden = !mine;
    parts.live.replaceChildren(...ticket.live.map((message) =>
      el("li", { "data-from": message.from }, speaker(message) + message.text)));
  }

  async function loadHandoffs() {
    let data;
    try {
      data = await getJSON("/api/handoffs");
    } catch (error) {
      document.getElementById("handoff-status").textContent = "Could not load the tickets: " + error.message;
      return;
    }
    const list = document.getElementById("tickets");
    const seen = new Set();
    for (const ticket of data.tickets) {
      seen.add(ticket.ticket_id);
      if (!cards.has(ticket.ticket_id)) {
        const parts = ticketCard(ticket);
        cards.set(ticket.ticket_id, parts);
        list.appendChild(parts.card);
      }
      updateCard(cards.get(ticket.ticket_id), ticket);
    }
    for (const [id, parts] of cards) {
      if (!seen.has(id)) {
        parts.card.remove();
        cards.delete(id);
      }
    }
    if (!data.enabled) document.getElementById("handoff-status").textContent = "The handoff queue is off (no Rasa server).";
  }

  async function start() {
    try {
      intents = (await getJSON("/api/intents")).intents;
    } catch (error) {
      intents = [];
    }
    const names = document.getElementById("intent-names");
    names.replaceChildren(...intents.map((name) => el("option", { value: name })));
    document.getElementById("filters").addEventListener("submit", (event) => {
      event.preventDefault();
      loadReview();
      loadNumbers();
    });
    document.getElementById("export-button").addEventListener("click", exportSelected);
    await Promise.all([loadReview(), loadNumbers(), loadHandoffs()]);
    window.setInterval(loadHandoffs, 2000);
    document.body.setAttribute("data-ready", "true");
  }

  start();
})();
