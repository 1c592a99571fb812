// The sandbox page: polls /api/state and renders it; every control posts one JSON action.
// Everything the implementation sent is shown with textContent, never parsed as HTML.
"use strict";

const POLL_MS = 600;
const TICKS = { pending: "🕓", sent: "✓", delivered: "✓✓", read: "✓✓", failed: "⚠" };
let shownVersion = -1;
let formFor = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// WhatsApp's own markup: *bold*, _italic_, ~strikethrough~; built as nodes, never as HTML.
const MARKS = { "*": "strong", "_": "em", "~": "s" };
function formatted(text) {
  const box = el("div", { class: "body" });
  const pattern = /([*_~])([^*_~\n]+)\1/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    box.append(text.slice(last, match.index), el(MARKS[match[1]], { text: match[2] }));
    last = match.index + match[0].length;
  }
  box.append(text.slice(last));
  return box;
}

function notify(text, isError) {
  const notice = document.getElementById("notice");
  notice.textContent = text;
  notice.className = isError ? "notice error" : "notice";
  notice.hidden = !text;
}

async function act(action, body) {
  const answer = await fetch(`/api/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body || {}),
  });
  const data = await answer.json();
  notify(data.error ? data.error : "", Boolean(data.error));
  await refresh();
  return data;
}

async function refresh() {
  const answer = await fetch("/api/state");
  const state = await answer.json();
  if (state.version !== shownVersion) {
    shownVersion = state.version;
    render(state);
  }
}

function render(state) {
  document.getElementById("target").textContent = state.target;
  renderWorld(state.world);
  for (const role of ["operator", "prospect"]) {
    renderPhone(role, state.world.people[role], state.phones[role]);
  }
  renderFindings(state.findings);
  renderAlerts(state.alerts);
  renderJournal(state.journal);
}

function windowText(person) {
  return person.window.open
    ? `24 h window open (${person.window.hours_left} h left)`
    : "24 h window closed: free-form sends fail with 131047";
}

function renderWorld(world) {
  for (const role of ["operator", "prospect"]) {
    const person = world.people[role];
    const box = document.getElementById(`world-${role}`);
    box.replaceChildren(
      el("div", { class: "name", dir: "auto", text: `${role}: ${person.name}` }),
      el("div", { class: "muted", text: person.wa_id }),
      el("span", { class: `badge ${person.opted_in ? "yes" : "no"}`, text: person.opted_in ? "opted in" : "not opted in" }),
      el("span", { class: `badge ${person.window.open ? "yes" : "no"}`, text: windowText(person) }),
      el("div", {}, el("button", { type: "button", onclick: () => act("opt_in", { role }), text: `Opt in the ${role}` })),
    );
  }
  const live = world.live_send === null ? "unset (off by default)" : world.live_send ? "on" : "off";
  document.getElementById("live-state").textContent = `Live sending: ${live}`;
  document.getElementById("clock-state").textContent = `Clock: +${world.clock_offset_h} h since the start`;
  const codes = document.getElementById("fault-code");
  if (!codes.options.length) {
    for (const code of world.fault_codes) codes.append(el("option", { value: String(code), text: String(code) }));
  }
  document.getElementById("faults").replaceChildren(
    ...world.faults.map((f) => el("li", { text: `armed: ${f.preset} for ${f.recipient || "anyone"}` })),
  );
  const next = world.next_opportunity;
  if (formFor !== next.id) {
    formFor = next.id;
    const form = document.getElementById("present-form");
    for (const name of ["id", "title", "company", "summary"]) form.elements[name].value = next[name];
    form.elements.prospect_name.value = next.prospect.name;
    form.elements.prospect_wa_id.value = next.prospect.wa_id;
  }
}

function phoneParts(role) {
  const phone = document.getElementById(`phone-${role}`);
  if (!phone.firstChild) {
    const input = el("input", { type: "text", dir: "auto", placeholder: "اكتب رسالة", "aria-label": `Message as the ${role}` });
    const composer = el(
      "form",
      {
        class: "composer",
        onsubmit: (event) => {
          event.preventDefault();
          act("write", { role, body: input.value }).then((data) => { if (!data.error) input.value = ""; });
        },
      },
      input,
      el("button", { type: "submit", text: "Send" }),
    );
    phone.append(el("div", { class: "bar" }), el("div", { class: "chat", dir: "rtl" }), composer);
  }
  return { bar: phone.querySelector(".bar"), chat: phone.querySelector(".chat") };
}

function renderPhone(role, person, messages) {
  const { bar, chat } = phoneParts(role);
  bar.replaceChildren(
    el("div", { class: "who", dir: "auto", text: `${person.name} (${role})` }),
    el("div", { class: "sub", text: `${person.wa_id} · ${windowText(person)}` }),
  );
  chat.replaceChildren(...messages.map((message) => bubble(role, message)));
  chat.scrollTop = chat.scrollHeight;
}

function bubble(role, message) {
  if (message.from === "user") {
    const shown = message.kind === "text" ? message.text : `↩ ${message.text}`;
    const answer = message.webhook_status === undefined || message.webhook_status === null ? "…" : `webhook ${message.webhook_status}`;
    return el("div", { class: "bubble user", dir: "auto" },
      el("div", { text: shown }),
      el("div", { class: "meta", text: answer }));
  }
  const box = el("div", { class: "bubble business", dir: "auto", "data-index": String(message.index) });
  if (message.header) box.append(el("div", { class: "header", text: message.header }));
  box.append(formatted(message.text));
  if (message.footer) box.append(el("div", { class: "footer", text: message.footer }));
  if (message.kind === "buttons") {
    const actions = el("div", { class: "actions" });
    for (const button of message.buttons) {
      actions.append(el("button", {
        type: "button",
        onclick: () => act("tap", { role, id: button.id, title: button.title, context_id: message.wamid || "" }),
        text: button.title,
      }));
    }
    box.append(actions);
  } else if (message.kind === "list") {
    const rows = el("div", { class: "rows", hidden: "" });
    for (const section of message.sections) {
      if (section.title) rows.append(el("div", { class: "section", text: section.title }));
      const actions = el("div", { class: "actions" });
      for (const row of section.rows) {
        actions.append(el("button", {
          type: "button",
          title: row.description,
          onclick: () => act("choose", { role, id: row.id, title: row.title, context_id: message.wamid || "" }),
          text: row.title,
        }));
      }
      rows.append(actions);
    }
    box.append(el("div", { class: "actions" }, el("button", {
      type: "button", onclick: () => { rows.hidden = !rows.hidden; }, text: message.button || "☰",
    })), rows);
  }
  const tick = TICKS[message.tick] || "";
  const meta = el("div", { class: "meta" }, el("span", { class: `tick ${message.tick}`, title: message.tick, "aria-label": message.tick, text: tick }));
  box.append(meta);
  if (message.error) box.append(el("div", { class: "error", text: message.error }));
  return box;
}

function renderFindings(findings) {
  const list = document.getElementById("findings");
  list.replaceChildren(...(findings.length
    ? findings.map((f) => el("li", { text: `${f.check_id}: ${f.text}` }))
    : [el("li", { class: "none", text: "none so far" })]));
}

function renderAlerts(alerts) {
  const list = document.getElementById("alerts");
  list.replaceChildren(...(alerts.length
    ? alerts.map((a) => el("li", { dir: "auto", text: `[${a.code === null || a.code === undefined ? "-" : a.code}] ${a.message || ""}` }))
    : [el("li", { class: "none", text: "none" })]));
}

function renderJournal(journal) {
  const list = document.getElementById("journal");
  list.replaceChildren(...journal.slice().reverse().map((entry) => el("li", { class: entry.accepted ? "" : "journal-bad" },
    el("div", { dir: "auto", text: `#${entry.index} ${entry.summary}` }),
    entry.fault ? el("div", { text: `fault: ${entry.fault}` }) : null,
    ...entry.violations.map((v) => el("div", { class: "journal-bad", text: `invalid: ${v}` })),
    el("details", {}, el("summary", { text: "Meta's answer" }), el("pre", { text: JSON.stringify(entry.answer, null, 1) })),
  )));
}

document.querySelectorAll("[data-live]").forEach((button) => {
  button.addEventListener("click", () => act("live_send", { enabled: button.dataset.live === "true" }));
});
document.getElementById("advance-clock").addEventListener("click", () => act("clock", { hours: 25 }));
document.getElementById("add-fault").addEventListener("click", () => act("fault", {
  code: Number(document.getElementById("fault-code").value),
  role: document.getElementById("fault-role").value,
}));
document.getElementById("present-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = event.target.elements;
  act("present", { opportunity: {
    id: form.id.value, title: form.title.value, company: form.company.value, summary: form.summary.value,
    prospect: { name: form.prospect_name.value, wa_id: form.prospect_wa_id.value },
  } });
});

refresh();
setInterval(() => { refresh().catch(() => notify("the sandbox stopped answering", true)); }, POLL_MS);
