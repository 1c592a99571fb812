#!/usr/bin/env node
// A WhatsApp operator-flow implementation in plain Node.js (standard library only).
// It exists to show that wa-harness grades any language over HTTP; see CONTRACT.md
// §1 (the flow), §2 (configuration), §4 (HTTP target) and §5 (control commands).
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');

const GRAPH_VERSION = 'v21.0';
const GRAPH_TIMEOUT_MS = 10_000;
const MAX_WEBHOOK_BYTES = 3 * 1024 * 1024; // Meta's payloads are at most 3 MB
const MAX_CONTROL_BYTES = 1024 * 1024;
const MAX_BODY_CHARS = 1024; // interactive body.text limit
const MAX_REF_CHARS = 200; // keeps "msg:d-{ref}:approve" well under the 256-char id limit

// ---------------------------------------------------------------- configuration

function loadConfig(env) {
  const required = [
    'WHATSAPP_GRAPH_API_BASE', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_ACCESS_TOKEN',
    'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'PORT',
  ];
  const missing = required.filter((name) => !env[name]);
  if (missing.length) fail(`missing required environment variable(s): ${missing.join(', ')}`);
  const port = Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT is not a port number: ${env.PORT}`);
  return {
    graphBase: env.WHATSAPP_GRAPH_API_BASE.replace(/\/+$/, ''),
    phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
    accessToken: env.WHATSAPP_ACCESS_TOKEN,
    appSecret: env.WHATSAPP_APP_SECRET,
    verifyToken: env.WHATSAPP_VERIFY_TOKEN,
    liveSendDefault: env.WHATSAPP_ALLOW_LIVE_SEND === 'true', // anything else means off
    port,
  };
}

function fail(message) {
  process.stderr.write(`server.js: ${message}\n`);
  process.exit(2);
}

// Only ever logs ids and decisions: never the token, the secret or message bodies.
function log(message) {
  process.stderr.write(`[node-target] ${message}\n`);
}

// ---------------------------------------------------------------- state

const state = {};

function reset(config) {
  state.optIns = new Map(); // digits-only number -> the form it was opted in with
  state.liveSend = config.liveSendDefault;
  state.opportunities = new Map(); // ref -> {ref, opportunity, operator, accepted, skipped, draftId, meeting}
  state.drafts = new Map(); // draft id -> {id, ref, text, operator, status: pending|cancelled|sent}
  state.alerts = [];
  state.seenMessages = new Set();
  state.seenStatuses = new Set();
}

function alert(code, message, extra = {}) {
  state.alerts.push({ code: Number.isInteger(code) ? code : null, message, ...extra, at: new Date().toISOString() });
  log(`alert code=${code ?? 'null'}: ${message}`);
}

// Numbers are compared on their digits, because Meta accepts "+", spaces, dashes and brackets.
function digits(value) {
  return typeof value === 'string' || typeof value === 'number' ? String(value).replace(/\D/g, '') : '';
}

// A business-scoped user id (BSUID, "SA.1234…") names a user whose phone may not be shown.
function isUserId(value) {
  return typeof value === 'string' && value.includes('.');
}

// One key per user: the digits of a number, or the BSUID as it is.
function userKey(value) {
  return isUserId(value) ? value.trim() : digits(value);
}

// The ledger form of a user, or null: every send goes to exactly a user on the ledger.
function ledgerNumber(waId) {
  const key = userKey(waId);
  return key ? state.optIns.get(key) ?? null : null;
}

// Meta takes a number in "to" and a BSUID in "recipient" (since May 2026).
function address(to) {
  return isUserId(to) ? { recipient: to } : { to };
}

// ---------------------------------------------------------------- cards

function codePoints(text) {
  return Array.from(text);
}

function truncate(text, limit) {
  const chars = codePoints(text);
  return chars.length <= limit ? text : chars.slice(0, limit - 1).join('') + '…';
}

function str(value) {
  return typeof value === 'string' ? value : value == null ? '' : String(value);
}

// A stable, id-safe reference for an opportunity: the id itself, or a hash of a very long one.
function opportunityRef(id) {
  if (codePoints(id).length <= MAX_REF_CHARS) return id;
  return `~${crypto.createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 40)}`;
}

function buttonCard(to, bodyText, buttons) {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...address(to),
    type: 'interactive',
    interactive: {
      type: 'button',
      body: { text: bodyText },
      action: { buttons: buttons.map(([id, title]) => ({ type: 'reply', reply: { id, title } })) },
    },
  };
}

function opportunityCard(to, ref, opportunity) {
  const parts = [opportunity.title, opportunity.company, opportunity.summary].map((p) => str(p).trim()).filter(Boolean);
  const body = truncate(parts.join('\n'), MAX_BODY_CHARS).trim() || 'فرصة جديدة';
  return buttonCard(to, body, [
    [`opp:${ref}:accept`, 'قبول'],
    [`opp:${ref}:skip`, 'تخطي'],
    [`opp:${ref}:draft`, 'رسالة'],
  ]);
}

function draftCard(to, draft) {
  return buttonCard(to, draft.text, [
    [`msg:${draft.id}:approve`, 'اعتماد'],
    [`msg:${draft.id}:edit`, 'تعديل'],
    [`msg:${draft.id}:cancel`, 'إلغاء'],
  ]);
}

function draftText(opportunity) {
  const name = str(opportunity.prospect && opportunity.prospect.name).trim();
  const title = str(opportunity.title).trim();
  const greeting = name ? `مرحباً ${name}` : 'مرحباً';
  const text = `${greeting}، نود التواصل معك بخصوص ${title || 'فرصة جديدة'}. هل يناسبك أن نتحدث هذا الأسبوع؟`;
  return truncate(text, MAX_BODY_CHARS); // the same text is the step-2 body and the message sent
}

// ---------------------------------------------------------------- reply parsing

const OPPORTUNITY_ACTIONS = new Set(['accept', 'skip', 'draft', 'schedule']);
const DRAFT_ACTIONS = new Set(['approve', 'edit', 'cancel']);

function replyId(message) {
  if (!message || typeof message !== 'object') return null;
  const inter = message.interactive;
  if (message.type === 'interactive' && inter && typeof inter === 'object') {
    if (inter.type === 'button_reply') return inter.button_reply && inter.button_reply.id;
    if (inter.type === 'list_reply') return inter.list_reply && inter.list_reply.id;
  }
  if (message.type === 'button' && message.button) return message.button.payload;
  return null;
}

// Splits on the first and the last ':' so that ids containing ':' survive. Never throws.
function parseReply(message) {
  const id = replyId(message);
  if (typeof id !== 'string') return null;
  const first = id.indexOf(':');
  const last = id.lastIndexOf(':');
  if (first < 0 || first === last) return null;
  const [prefix, middle, action] = [id.slice(0, first), id.slice(first + 1, last), id.slice(last + 1)];
  if (!middle) return null;
  if (prefix === 'opp' && OPPORTUNITY_ACTIONS.has(action)) {
    return { kind: 'opportunity', action, opportunity_id: middle };
  }
  if (prefix === 'msg' && DRAFT_ACTIONS.has(action)) return { kind: 'draft', action, draft_id: middle };
  return null;
}

// ---------------------------------------------------------------- Graph API

// One attempt per send: failures become alerts for the operator, never a retry loop.
async function graphSend(config, payload, purpose) {
  const url = `${config.graphBase}/${GRAPH_VERSION}/${encodeURIComponent(config.phoneNumberId)}/messages`;
  let response;
  let text = '';
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${config.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(GRAPH_TIMEOUT_MS),
    });
    text = await response.text();
  } catch (err) {
    const why = err.name === 'TimeoutError' ? 'Graph API timed out' : 'Graph API unreachable';
    alert(null, `${purpose} to ${payload.to ?? payload.recipient} was not sent: ${why}`, { to: payload.to ?? payload.recipient });
    return false;
  }
  let body = null;
  try { body = JSON.parse(text); } catch { /* a non-JSON answer is handled below */ }
  if (response.ok) {
    log(`sent ${purpose} to ${payload.to ?? payload.recipient}`);
    return true;
  }
  const error = body && typeof body === 'object' && body.error && typeof body.error === 'object' ? body.error : {};
  const details = error.error_data && error.error_data.details;
  const why = (str(error.message) || 'no error message') + (details ? ` — ${details}` : '');
  alert(error.code, `${purpose} to ${payload.to ?? payload.recipient} failed (HTTP ${response.status}): ${why}`,
    { to: payload.to ?? payload.recipient, http_status: response.status });
  return false;
}

// Sends an interactive card to an operator, only if the operator is on the ledger.
async function sendToOperator(config, waId, build, purpose) {
  const to = ledgerNumber(waId);
  if (!to) {
    alert(null, `${purpose} not sent: operator ${str(waId)} is not opted in`, { wa_id: str(waId) });
    return false;
  }
  return graphSend(config, build(to), purpose);
}

// ---------------------------------------------------------------- the flow

async function presentOpportunity(config, operator, opportunity) {
  const id = str(opportunity.id);
  const ref = opportunityRef(id);
  if (!ledgerNumber(operator)) {
    alert(null, `opportunity ${id} not presented: operator ${str(operator)} is not opted in`, { wa_id: str(operator) });
    return { ok: true, sent: false, reason: 'operator not opted in' };
  }
  const known = state.opportunities.get(ref);
  const record = known || { ref, accepted: false, skipped: false, draftId: null, meeting: null };
  Object.assign(record, { opportunity, operator: userKey(operator) });
  state.opportunities.set(ref, record);
  const build = (to) => opportunityCard(to, ref, opportunity);
  const sent = await sendToOperator(config, operator, build, 'opportunity card');
  return { ok: true, sent };
}

// The draft of an opportunity; its id is stable, so re-taps reuse it.
function ensureDraft(record) {
  if (!record.draftId) {
    const draft = {
      id: `d-${record.ref}`, ref: record.ref, text: draftText(record.opportunity),
      operator: record.operator, status: 'pending',
    };
    state.drafts.set(draft.id, draft);
    record.draftId = draft.id;
  }
  return state.drafts.get(record.draftId);
}

async function offerDraft(config, record, from) {
  const draft = ensureDraft(record);
  if (draft.status !== 'pending') {
    log(`draft ${draft.id} is ${draft.status}; no new card`);
    return;
  }
  draft.operator = from; // the operator who gets this card is the one allowed to act on it
  await sendToOperator(config, from, (to) => draftCard(to, draft), 'draft card');
}

async function onOpportunityReply(config, reply, from) {
  const record = state.opportunities.get(reply.opportunity_id);
  if (!record) return log(`reply for unknown opportunity ${reply.opportunity_id}: ignored`);
  if (record.operator !== from) return log(`${from} tapped a card sent to another operator: ignored`);
  switch (reply.action) {
    case 'skip':
      record.skipped = true;
      return log(`opportunity ${record.ref} skipped`);
    case 'accept':
      Object.assign(record, { accepted: true, skipped: false });
      return offerDraft(config, record, from);
    case 'draft':
      record.skipped = false;
      return offerDraft(config, record, from);
    case 'schedule':
      // Scheduling needs confirmed intent first, and even then it is only a draft.
      if (!record.accepted && !record.draftId) {
        return alert(null, `schedule refused for opportunity ${record.ref}: accept or draft it first`);
      }
      record.meeting = { status: 'draft', created_at: new Date().toISOString() };
      return log(`meeting draft recorded for opportunity ${record.ref}`);
  }
}

async function onDraftReply(config, reply, from) {
  const draft = state.drafts.get(reply.draft_id);
  if (!draft) return log(`reply for unknown draft ${reply.draft_id}: ignored`);
  if (draft.operator !== from) return log(`${from} tapped a draft card sent to another operator: ignored`);
  if (draft.status !== 'pending') return log(`draft ${draft.id} is ${draft.status}: ${reply.action} ignored`);
  if (reply.action === 'cancel') {
    draft.status = 'cancelled';
    return log(`draft ${draft.id} cancelled`);
  }
  if (reply.action === 'edit') return log(`draft ${draft.id}: edit requested, nothing sent`);
  // approve: the prospect is contacted only when opted in AND live sending is on.
  const record = state.opportunities.get(draft.ref);
  const prospect = str(record && record.opportunity.prospect && record.opportunity.prospect.wa_id);
  const to = ledgerNumber(prospect);
  const reasons = [];
  if (!to) reasons.push(`prospect ${prospect || '(unknown)'} is not opted in`);
  if (!state.liveSend) reasons.push('live sending is off');
  if (reasons.length) {
    return alert(null, `approved draft ${draft.id} not sent: ${reasons.join(' and ')}`,
      { draft_id: draft.id, wa_id: prospect });
  }
  const payload = {
    messaging_product: 'whatsapp', recipient_type: 'individual', ...address(to),
    type: 'text', text: { body: draft.text, preview_url: false },
  };
  if (await graphSend(config, payload, 'approved draft')) draft.status = 'sent';
}

async function onMessage(config, message) {
  if (!message || typeof message !== 'object') return;
  const id = typeof message.id === 'string' ? message.id : null;
  if (id) {
    if (state.seenMessages.has(id)) return log(`duplicate delivery of ${id}: ignored`);
    state.seenMessages.add(id);
  }
  const reply = parseReply(message);
  if (!reply) return log(`message ${id} (${str(message.type)}) is not a known reply: no send`);
  // A username user whose phone may not be shown has no "from", only "from_user_id".
  const from = message.from ? digits(message.from) : userKey(message.from_user_id);
  if (reply.kind === 'opportunity') return onOpportunityReply(config, reply, from);
  return onDraftReply(config, reply, from);
}

function onStatus(status) {
  if (!status || typeof status !== 'object' || status.status !== 'failed') return;
  const errors = Array.isArray(status.errors) && status.errors.length ? status.errors : [{}];
  const key = `${status.id}|${errors.map((e) => e && e.code).join(',')}`;
  if (state.seenStatuses.has(key)) return; // Meta redelivers; one alert per failure
  state.seenStatuses.add(key);
  for (const error of errors) {
    const e = error && typeof error === 'object' ? error : {};
    const details = e.error_data && e.error_data.details;
    const why = (str(e.title || e.message) || 'no reason given') + (details ? ` — ${details}` : '');
    alert(e.code, `message ${str(status.id)} to ${str(status.recipient_id)} failed: ${why}`,
      { message_id: str(status.id), to: str(status.recipient_id) });
  }
}

const list = (value) => (Array.isArray(value) ? value : []);

// Every entry, change and array element, in order; one bad element never stops the rest.
async function processNotification(config, notification) {
  for (const entry of list(notification && notification.entry)) {
    for (const change of list(entry && entry.changes)) {
      const value = change && change.value;
      if (!value || typeof value !== 'object') continue;
      for (const message of list(value.messages)) {
        try { await onMessage(config, message); } catch (err) { log(`message handling failed: ${err.message}`); }
      }
      for (const status of list(value.statuses)) {
        try { onStatus(status); } catch (err) { log(`status handling failed: ${err.message}`); }
      }
    }
  }
}

// ---------------------------------------------------------------- HTTP

function send(res, status, body, contentType = 'application/json') {
  const data = contentType === 'application/json' ? JSON.stringify(body) : String(body);
  res.writeHead(status, { 'Content-Type': `${contentType}; charset=utf-8`, 'Content-Length': Buffer.byteLength(data) });
  res.end(data);
}

// Collects the raw bytes; resolves null (after answering 413) when the body is too large.
function readBody(req, res, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        res.setHeader('Connection', 'close');
        send(res, 413, { error: 'request body too large' });
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => { if (!tooLarge) resolve(Buffer.concat(chunks)); });
    req.on('error', reject);
  });
}

function safeEqual(a, b) {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

function handleVerify(config, url, res) {
  const q = url.searchParams;
  const token = q.get('hub.verify_token');
  if (q.get('hub.mode') === 'subscribe' && token !== null && safeEqual(token, config.verifyToken)) {
    return send(res, 200, q.get('hub.challenge') ?? '', 'text/plain');
  }
  return send(res, 403, 'forbidden', 'text/plain');
}

async function handleNotification(config, req, res) {
  const raw = await readBody(req, res, MAX_WEBHOOK_BYTES);
  if (raw === null) return;
  const header = req.headers['x-hub-signature-256'];
  if (!header) return send(res, 401, { error: 'missing X-Hub-Signature-256' });
  const expected = 'sha256=' + crypto.createHmac('sha256', config.appSecret).update(raw).digest('hex');
  if (typeof header !== 'string' || !safeEqual(header, expected)) return send(res, 403, { error: 'bad signature' });
  let notification;
  try {
    notification = JSON.parse(raw.toString('utf8'));
  } catch {
    return send(res, 400, { error: 'body is not JSON' });
  }
  await processNotification(config, notification);
  return send(res, 200, { status: 'ok' });
}

async function handleControl(config, req, res) {
  const raw = await readBody(req, res, MAX_CONTROL_BYTES);
  if (raw === null) return;
  let command;
  try {
    command = JSON.parse(raw.toString('utf8'));
  } catch {
    return send(res, 400, { error: 'body is not JSON' });
  }
  if (!command || typeof command !== 'object' || Array.isArray(command)) {
    return send(res, 400, { error: 'expected a JSON object' });
  }
  switch (command.command) {
    case 'reset':
      reset(config);
      return send(res, 200, { ok: true, live_send: state.liveSend });
    case 'opt_in': {
      const ident = command.wa_id ?? command.user_id;
      const key = userKey(ident);
      if (!key) return send(res, 400, { error: 'opt_in needs a wa_id or a user_id' });
      state.optIns.set(key, str(ident).trim());
      return send(res, 200, { ok: true });
    }
    case 'set_live_send':
      if (typeof command.enabled !== 'boolean') {
        return send(res, 400, { error: 'set_live_send needs enabled: true|false' });
      }
      state.liveSend = command.enabled;
      return send(res, 200, { ok: true, live_send: state.liveSend });
    case 'present_opportunity': {
      const opp = command.opportunity;
      if (!userKey(command.operator)) return send(res, 400, { error: 'present_opportunity needs an operator wa_id or user_id' });
      if (!opp || typeof opp !== 'object' || !str(opp.id)) {
        return send(res, 400, { error: 'present_opportunity needs an opportunity with an id' });
      }
      return send(res, 200, await presentOpportunity(config, command.operator, opp));
    }
    case 'alerts':
      return send(res, 200, { alerts: state.alerts });
    case 'settle':
      // Every webhook and command is handled before it is answered, so there is never
      // background work to wait for.
      return send(res, 200, { status: 'idle' });
    default:
      return send(res, 400, { error: `unknown command: ${str(command.command)}` });
  }
}

function createServer(config) {
  return http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname === '/webhook' && req.method === 'GET') return handleVerify(config, url, res);
      if (url.pathname === '/webhook' && req.method === 'POST') return await handleNotification(config, req, res);
      if (url.pathname === '/_harness/control' && req.method === 'POST') return await handleControl(config, req, res);
      if (['/webhook', '/_harness/control'].includes(url.pathname)) {
        return send(res, 405, { error: 'method not allowed' });
      }
      return send(res, 404, { error: 'not found' });
    } catch (err) {
      // Last line of defence: no input may take the process down.
      log(`request failed: ${err && err.message}`);
      if (!res.headersSent) send(res, 500, { error: 'internal error' });
      else res.destroy();
    }
  });
}

function main() {
  const config = loadConfig(process.env);
  reset(config);
  const server = createServer(config);
  server.listen(config.port, '127.0.0.1', () => {
    log(`listening on 127.0.0.1:${server.address().port}, live sending ${config.liveSendDefault ? 'on' : 'off'}`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // idle keep-alive sockets would otherwise hold close() open
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();

module.exports = { parseReply, opportunityCard, draftCard, opportunityRef, loadConfig };
