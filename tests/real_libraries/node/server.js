#!/usr/bin/env node
// The operator flow built on whatsapp-api-js 6.3.0, as a team would write it on that
// library: its node-http middleware serves the webhook (handshake, signature, parsing),
// its message classes build the cards, and `sendMessage` sends them. This file adds only
// the flow and the harness's control endpoint (CONTRACT.md §1, §2, §4, §5).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';

import { ActionButtons, Body, Button, Interactive, Text } from 'whatsapp-api-js/messages';
import { WhatsAppAPI } from 'whatsapp-api-js/middleware/node-http';

const GRAPH = 'https://graph.facebook.com';
const WEBHOOK_PATH = '/webhook';
const CONTROL_PATH = '/_harness/control';
const MAX_CONTROL_BYTES = 1024 * 1024;
// The library counts lengths in UTF-16 units (lib/messages/interactive.js:75).
const MAX_BODY_UNITS = 1024;

function loadConfig(env) {
  const required = [
    'WHATSAPP_GRAPH_API_BASE', 'WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_ACCESS_TOKEN',
    'WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'PORT',
  ];
  const missing = required.filter((name) => !env[name]);
  if (missing.length) {
    process.stderr.write(`server.js: missing environment variable(s): ${missing.join(', ')}\n`);
    process.exit(2);
  }
  return {
    graphBase: env.WHATSAPP_GRAPH_API_BASE.replace(/\/+$/, ''),
    phoneID: env.WHATSAPP_PHONE_NUMBER_ID,
    liveSendDefault: env.WHATSAPP_ALLOW_LIVE_SEND === 'true',
    port: Number(env.PORT),
    token: env.WHATSAPP_ACCESS_TOKEN,
    appSecret: env.WHATSAPP_APP_SECRET,
    verifyToken: env.WHATSAPP_VERIFY_TOKEN,
  };
}

const config = loadConfig(process.env);

// The library's Graph host is fixed (lib/index.js:154); its fetch ponyfill takes any fetch.
const wa = new WhatsAppAPI({
  token: config.token,
  appSecret: config.appSecret,
  webhookVerifyToken: config.verifyToken,
  v: 'v21.0',
  ponyfill: { fetch: (url, init) => fetch(String(url).replace(GRAPH, config.graphBase), init) },
});

// ---------------------------------------------------------------- state

const state = {};

function reset() {
  state.optIns = new Set(); // wa_ids and business-scoped user ids
  state.liveSend = config.liveSendDefault;
  state.opportunities = new Map(); // ref -> {id, operator, prospect, text, intent, draft, meetings}
  state.alerts = [];
  state.seenMessages = new Set();
  state.seenFailures = new Set();
}

function alert(code, message) {
  state.alerts.push({ code: Number.isInteger(code) ? code : null, message });
}

// ---------------------------------------------------------------- cards

// Reply ids may be at most 256 characters (the Button constructor throws beyond that).
function ref(opportunityId) {
  if (opportunityId.length <= 200) return opportunityId;
  return `h-${createHash('sha256').update(opportunityId).digest('hex').slice(0, 32)}`;
}

// At most `limit` UTF-16 units, never splitting a character.
function clip(text, limit) {
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > limit) break;
    out += ch;
  }
  return out;
}

function card(text, prefix, key, actions) {
  const buttons = actions.map(([action, title]) => new Button(`${prefix}:${key}:${action}`, title));
  return new Interactive(new ActionButtons(...buttons), new Body(text));
}

function opportunityCard(key, opportunity) {
  const text = [opportunity.title, opportunity.company, opportunity.summary]
    .map((part) => String(part ?? '').trim()).filter(Boolean).join('\n');
  const body = clip(text, MAX_BODY_UNITS).trim() || 'فرصة جديدة';
  return card(body, 'opp', key, [['accept', 'قبول'], ['skip', 'تخطي'], ['draft', 'رسالة']]);
}

function draftCard(key, record) {
  return card(record.text, 'msg', key, [['approve', 'اعتماد'], ['edit', 'تعديل'], ['cancel', 'إلغاء']]);
}

function draftText(opportunity) {
  const name = String(opportunity.prospect?.name ?? '').trim();
  const title = String(opportunity.title ?? '').trim();
  return clip(`مرحبًا ${name}، نتواصل بخصوص ${title || 'فرصة جديدة'}`, MAX_BODY_UNITS);
}

// ---------------------------------------------------------------- sending

// sendMessage resolves with Meta's error body instead of throwing (lib/index.js:754);
// its declared type is ServerMessageResponse | ServerErrorResponse, so look.
async function send(to, message, purpose) {
  if (!state.optIns.has(to)) {
    alert(null, `${purpose} not sent: ${to} is not opted in`);
    return false;
  }
  let answer;
  try {
    answer = await wa.sendMessage(config.phoneID, to, message);
  } catch (err) {
    alert(null, `${purpose} to ${to} was not sent: ${err.message}`);
    return false;
  }
  if (answer && answer.error) {
    alert(answer.error.code, `${purpose} to ${to} failed: ${answer.error.message}`);
    return false;
  }
  return true;
}

// ---------------------------------------------------------------- the flow

async function presentOpportunity(operator, opportunity) {
  if (!state.optIns.has(operator)) {
    alert(null, `opportunity not presented: operator ${operator} is not opted in`);
    return { status: 'blocked' };
  }
  const key = ref(String(opportunity.id));
  state.opportunities.set(key, {
    id: String(opportunity.id),
    operator,
    prospect: String(opportunity.prospect?.wa_id ?? ''),
    text: draftText(opportunity),
    intent: false,
    draft: 'pending',
    meetings: 0,
  });
  const sent = await send(operator, opportunityCard(key, opportunity), 'opportunity card');
  return { status: sent ? 'sent' : 'failed' };
}

async function onOpportunity(key, record, action) {
  if (action === 'accept' || action === 'draft') {
    record.intent = true;
    if (record.draft === 'sent' || record.draft === 'sending') return;
    // A new decision reopens a cancelled draft, as the reference does: the card it sends
    // offers an approval that must then be honoured or refused with an alert.
    record.draft = 'pending';
    await send(record.operator, draftCard(key, record), 'draft card');
  } else if (action === 'schedule') {
    if (record.intent) record.meetings += 1;
    else alert(null, 'schedule refused: accept or draft first');
  }
}

async function onDraft(record, action) {
  if (action === 'cancel' && record.draft === 'pending') record.draft = 'cancelled';
  if (action !== 'approve' || record.draft !== 'pending') return;
  if (!state.optIns.has(record.prospect)) {
    alert(null, `not sent: prospect ${record.prospect} is not opted in`);
  } else if (!state.liveSend) {
    alert(null, 'not sent: live sending is off');
  } else {
    // Marked before the await, so that a second approve meanwhile sends nothing.
    record.draft = 'sending';
    record.draft = (await send(record.prospect, new Text(record.text), 'approved draft')) ? 'sent' : 'pending';
  }
}

wa.on.message = async ({ message, contact }) => {
  if (state.seenMessages.has(message.id)) return; // Meta redelivers: act once per id
  state.seenMessages.add(message.id);
  const id = message.type === 'interactive' ? message.interactive?.button_reply?.id : undefined;
  const parts = typeof id === 'string' ? id.split(':') : [];
  if (parts.length !== 3 || !['opp', 'msg'].includes(parts[0])) return;
  const [kind, key, action] = parts;
  const record = state.opportunities.get(key);
  if (!record || ![contact.wa_id, contact.user_id].includes(record.operator)) return;
  if (kind === 'opp') await onOpportunity(key, record, action);
  else await onDraft(record, action);
};

wa.on.status = ({ status, id, phone, error }) => {
  if (status !== 'failed') return;
  const seen = `${id}|${error?.code}`;
  if (state.seenFailures.has(seen)) return;
  state.seenFailures.add(seen);
  alert(error?.code, `message ${id} to ${phone ?? 'a user'} failed: ${error?.title ?? 'no reason given'}`);
};

// ---------------------------------------------------------------- control endpoint

function drafts() {
  const found = [];
  for (const record of state.opportunities.values()) {
    if (record.intent) found.push({ kind: 'message', state: record.draft, opportunity_id: record.id });
    for (let i = 0; i < record.meetings; i += 1) {
      found.push({ kind: 'meeting', state: 'draft', opportunity_id: record.id });
    }
  }
  return found;
}

async function control(command) {
  switch (command.command) {
    case 'reset':
      reset();
      return [200, { status: 'ok' }];
    case 'opt_in':
      for (const who of [command.wa_id, command.user_id]) if (who) state.optIns.add(String(who));
      return [200, { status: 'ok' }];
    case 'set_live_send':
      state.liveSend = command.enabled === true;
      return [200, { status: 'ok' }];
    case 'present_opportunity':
      if (!command.opportunity || typeof command.opportunity !== 'object') {
        return [400, { error: 'present_opportunity needs an opportunity' }];
      }
      return [200, await presentOpportunity(String(command.operator), command.opportunity)];
    case 'alerts':
      return [200, { alerts: state.alerts }];
    case 'drafts':
      return [200, { drafts: drafts() }];
    case 'settle':
      // The middleware awaits the handlers before it answers: no work is ever left over.
      return [200, { status: 'idle' }];
    default:
      return [400, { error: `unknown command: ${command.command}` }];
  }
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_CONTROL_BYTES) return null;
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- HTTP

function answer(res, status, body, type = 'application/json') {
  const data = type === 'application/json' ? JSON.stringify(body) : String(body ?? '');
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Content-Length': Buffer.byteLength(data) });
  res.end(data);
}

async function route(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === WEBHOOK_PATH && req.method === 'GET') {
    try {
      return answer(res, 200, wa.handle_get(req), 'text/plain');
    } catch (status) {
      return answer(res, status, '', 'text/plain');
    }
  }
  if (pathname === WEBHOOK_PATH && req.method === 'POST') {
    res.statusCode = await wa.handle_post(req);
    return res.end();
  }
  if (pathname === CONTROL_PATH && req.method === 'POST') {
    const command = await readJson(req);
    if (!command || typeof command !== 'object' || Array.isArray(command)) {
      return answer(res, 400, { error: "a JSON object with a 'command'" });
    }
    const [status, body] = await control(command);
    return answer(res, status, body);
  }
  return answer(res, 404, { error: 'not found' });
}

reset();
const server = createServer((req, res) => {
  route(req, res).catch((err) => {
    process.stderr.write(`server.js: request failed: ${err.message}\n`);
    if (!res.headersSent) answer(res, 500, { error: 'internal error' });
    else res.destroy();
  });
});
server.listen(config.port, '127.0.0.1');
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
