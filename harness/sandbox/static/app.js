// The sandbox page: polls /api/state and renders it; every control posts one JSON action.
// Everything the implementation sent is shown with textContent, never parsed as HTML.
"use strict";

const POLL_MS = 600;
const ROLES = ["operator", "prospect", "stranger"];
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

// Right-to-left runs, cut by the server with the report's own rule, each in its own
// <bdi>: "-> 200", "(#130429)" and the guillemets then stay where they were written.
function isolated(tag, attrs, runs) {
  const node = el(tag, attrs);
  for (const [text, rtl] of runs) node.append(rtl ? el("bdi", { text }) : text);
  return node;
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
  for (const role of ROLES) {
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
  for (const role of ROLES) {
    const person = world.people[role];
    const box = document.getElementById(`world-${role}`);
    const optIn = person.opted_in
      ? el("button", { type: "button", disabled: "", text: `The ${role} is opted in` })
      : el("button", { type: "button", onclick: () => act("opt_in", { role }), text: `Opt in the ${role}` });
    box.replaceChildren(
      el("div", { class: "name" }, `${role}: `, el("bdi", { text: person.name })),
      el("div", { class: "muted", text: person.wa_id }),
      el("span", { class: `badge ${person.opted_in ? "yes" : "no"}`, text: person.opted_in ? "opted in" : "not opted in" }),
      el("span", { class: `badge ${person.window.open ? "yes" : "no"}`, text: windowText(person) }),
      el("div", {}, optIn),
    );
  }
  const live = world.live_send === null ? "unset (off by default)" : world.live_send ? "on" : "off";
  document.getElementById("live-state").textContent = `Live sending: ${live}`;
  document.getElementById("clock-state").textContent = `Clock: +${world.clock_offset_h} h since the start`;
  const codes = document.getElementById("fault-code");
  if (!codes.options.length) {
    for (const fault of world.fault_codes) codes.append(el("option", { value: String(fault.code), text: fault.label }));
  }
  document.getElementById("faults").replaceChildren(
    ...world.faults.map((f) => {
      const who = f.role ? `the ${f.role} ${f.recipient}` : "anyone";
      const text = f.armed
        ? `armed: ${f.label} on the next send to ${who}`
        : `spent: ${f.label} fired on send #${f.fired_at} to ${who}; disarmed`;
      return el("li", { class: f.armed ? "armed" : "spent", text });
    }),
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
      el("button", { type: "submit", "aria-label": `Send as the ${role}`, text: "إرسال" }),
    );
    phone.append(el("div", { class: "bar" }), el("div", { class: "chat", dir: "rtl" }), composer);
  }
  return { bar: phone.querySelector(".bar"), chat: phone.querySelector(".chat") };
}

function renderPhone(role, person, messages) {
  const { bar, chat } = phoneParts(role);
  bar.replaceChildren(
    el("div", { class: "who" }, el("bdi", { text: person.name }), ` (${role})`),
    el("div", { class: "sub", text: `${person.wa_id} · ${windowText(person)}` }),
  );
  chat.replaceChildren(...messages.map((message) => bubble(role, message)));
  chat.scrollTop = chat.scrollHeight;
}

function stamp(message) {
  return message.day ? `day ${message.day + 1} · ${message.time}` : message.time;
}

function bubble(role, message) {
  if (message.from === "system") {
    return el("div", { class: "jump", role: "note", dir: "ltr", text: `${message.text} · ${stamp(message)}` });
  }
  if (message.from === "user") {
    const shown = message.kind === "text" ? message.text : `↩ ${message.text}`;
    const answer = message.webhook_status === undefined || message.webhook_status === null ? "…" : `webhook ${message.webhook_status}`;
    const meta = el("div", { class: "meta", dir: "ltr" }, `${stamp(message)} · ${answer}`);
    if (message.effect) meta.append(" · ", el("span", { class: message.effect === "no effect" ? "effect none" : "effect", text: message.effect }));
    return el("div", { class: "bubble user", dir: "auto" }, el("div", { text: shown }), meta);
  }
  const box = el("div", { class: `bubble business${message.undelivered ? " undelivered" : ""}`, dir: "auto", "data-index": String(message.index) });
  if (message.header) box.append(el("div", { class: "header", text: message.header }));
  box.append(formatted(message.text));
  if (message.footer) box.append(el("div", { class: "footer", text: message.footer }));
  if (message.kind === "buttons") {
    const actions = el("div", { class: "actions" });
    for (const button of message.buttons) {
      const attrs = {
        type: "button",
        onclick: () => act("tap", { role: tapper(role), id: button.id, title: button.title, context_id: message.wamid || "" }),
        text: button.title,
      };
      // A card that failed never reached the phone: nobody could have tapped it.
      if (message.undelivered) Object.assign(attrs, { disabled: "", title: "never delivered: WhatsApp did not show this card" });
      actions.append(el("button", attrs));
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
  const meta = el("div", { class: "meta", dir: "ltr" }, `${stamp(message)} `, el("span", { class: `tick ${message.tick}`, title: message.tick, "aria-label": message.tick, text: tick }));
  box.append(meta);
  if (message.error) box.append(el("div", { class: "error", dir: "ltr", text: message.undelivered ? `not delivered: ${message.error}` : message.error }));
  return box;
}

// Who taps the operator's cards: the operator, or the stranger (FLW-023's someone else).
function tapper(role) {
  return role === "operator" ? document.getElementById("tapper").value : role;
}

function renderFindings(findings) {
  const list = document.getElementById("findings");
  list.replaceChildren(...(findings.length
    ? findings.map((f) => isolated("li", { dir: "ltr" }, [[`${f.check_id}: `, false], ...f.runs]))
    : [el("li", { class: "none", text: "none so far" })]));
}

function renderAlerts(alerts) {
  const list = document.getElementById("alerts");
  list.replaceChildren(...(alerts.length
    ? alerts.map((a) => isolated("li", { dir: "ltr" }, [...(a.code === null || a.code === undefined ? [] : [[`[${a.code}] `, false]]), ...a.runs]))
    : [el("li", { class: "none", text: "none" })]));
}

function renderJournal(journal) {
  const list = document.getElementById("journal");
  list.replaceChildren(...journal.slice().reverse().map((entry) => el("li", { class: entry.accepted ? "" : "journal-bad" },
    isolated("div", { dir: "ltr" }, entry.runs),
    entry.fault ? el("div", { text: `fault: ${entry.fault}` }) : null,
    ...entry.violations.map((v) => el("div", { class: "journal-bad", text: `invalid: ${v}` })),
    el("details", {}, el("summary", { text: "Meta's answer" }), el("pre", { text: JSON.stringify(entry.answer, null, 1) })),
  )));
}

document.querySelectorAll("[data-live]").forEach((button) => {
  button.addEventListener("click", () => act("live_send", { enabled: button.dataset.live === "true" }));
});
document.getElementById("reset").addEventListener("click", () => {
  formFor = null;
  act("reset", {});
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
