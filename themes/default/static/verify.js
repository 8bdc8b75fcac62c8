// Contact verification, offline in the browser.
//
// normalize() is the twin of src/contact.rs `normalize`: both are tested
// against tests/contact_vectors.json, so this page and `helpbook check`
// agree on what is official. No dependencies; no network.

const KEYWORDS = [
  ['telegram', 'telegram'], ['twitter', 'x'], ['wechat', 'wechat'], ['weixin', 'wechat'],
  ['微信号', 'wechat'], ['qq号', 'qq'], ['微信', 'wechat'], ['电报', 'telegram'],
  ['推特', 'x'], ['qq', 'qq'], ['tg', 'telegram'], ['x', 'x'],
];

const isAsciiAlnum = (c) => /^[0-9a-z]$/i.test(c);
const isHandleChar = (c) => isAsciiAlnum(c) || c === '_' || c === '.' || c === '-';
const validHandle = (name) =>
  name.length > 0 && name.length <= 64 && [...name].every(isHandleChar);

function validHost(host) {
  const labels = host.split('.');
  if (labels.length < 2) return false;
  for (const l of labels) {
    if (l === '' || l.startsWith('-') || !/^[0-9a-z-]+$/i.test(l)) return false;
  }
  const tld = labels[labels.length - 1];
  return tld.length >= 2 && /^[a-z]+$/i.test(tld);
}

/** The comparable key of a phone number, or null. */
export function phoneKey(input) {
  const text = input.trim();
  const plus = text.startsWith('+');
  const body = plus ? text.slice(1) : text;
  let digits = '';
  for (const c of body) {
    if (c >= '0' && c <= '9') digits += c;
    else if (!' -.()/'.includes(c)) return null;
  }
  if (digits.length < 5 || digits.length > 17) return null;
  const international = plus ? digits : digits.startsWith('00') ? digits.slice(2) : null;
  if (international !== null) {
    return international.startsWith('86') ? international.slice(2) : '+' + international;
  }
  return digits.startsWith('0') ? digits.slice(1) : digits;
}

/** Whether phone key `found` is the registry's `official`, maybe without country code. */
export function phoneMatches(found, official) {
  if (found === official) return true;
  if (!official.startsWith('+') || found.startsWith('+')) return false;
  const digits = official.slice(1);
  return found.length >= 7 && digits.endsWith(found) && digits.length - found.length <= 3;
}

function email(text) {
  const at = text.indexOf('@');
  if (at < 0) return null;
  const local = text.slice(0, at);
  const domain = text.slice(at + 1);
  const ok = local.length > 0 && /^[0-9a-z._%+-]+$/i.test(local) && validHost(domain);
  return ok ? { kind: 'email', value: text, channel: null } : null;
}

function keywordHandle(text) {
  for (const [keyword, channel] of KEYWORDS) {
    if (!text.startsWith(keyword)) continue;
    const spaced = /^\s/.test(text.slice(keyword.length));
    let rest = text.slice(keyword.length).trimStart();
    let marked = false;
    if (rest.startsWith(':')) {
      rest = rest.slice(1).trimStart();
      marked = true;
    }
    if (rest.startsWith('@')) {
      rest = rest.slice(1);
      marked = true;
    }
    // Same rules as src/contact.rs: a Latin keyword needs `:`, `@` or a
    // space before the name; `x` and `tg` need `:` or `@`; QQ numbers may
    // follow `qq` directly.
    const short = keyword === 'x' || keyword === 'tg';
    const qqNumber = channel === 'qq' && /^[0-9]*$/.test(rest);
    const unmarkedOk = !short && (spaced || !/^[\x00-\x7f]*$/.test(keyword));
    if ((marked || unmarkedOk || qqNumber) && validHandle(rest)) {
      return { kind: 'handle', value: rest, channel };
    }
  }
  return null;
}

function url(text) {
  let rest = text;
  if (rest.startsWith('https://')) rest = rest.slice(8);
  else if (rest.startsWith('http://')) rest = rest.slice(7);
  const cut = rest.search(/[/?#]/);
  const end = cut < 0 ? rest.length : cut;
  const authority = rest.slice(0, end);
  const host = authority.split('@').pop().split(':')[0];
  if (!validHost(host)) return null;
  const path = rest.slice(end).replace(/^\/+/, '');
  const first = path.split(/[/?#]/)[0];
  const bare = host.startsWith('www.') ? host.slice(4) : host;
  const messenger =
    bare === 't.me' || bare === 'telegram.me' ? 'telegram'
      : bare === 'x.com' || bare === 'twitter.com' ? 'x' : null;
  if (messenger && validHandle(first)) return { kind: 'handle', value: first, channel: messenger };
  return { kind: 'domain', value: host, channel: null };
}

/**
 * The comparable form {kind, value, channel} of what a reader typed, or
 * null when it is not a phone number, email, web address or handle.
 */
export function normalize(input) {
  const text = String(input).normalize('NFKC').trim().toLowerCase();
  if (text === '') return null;
  if (text.startsWith('tel:')) {
    const value = phoneKey(text.slice(4));
    return value === null ? null : { kind: 'phone', value, channel: null };
  }
  if (text.startsWith('mailto:')) return email(text.slice(7));
  const handle = keywordHandle(text);
  if (handle) return handle;
  if (text.startsWith('@')) {
    const name = text.slice(1);
    return validHandle(name) ? { kind: 'handle', value: name, channel: null } : null;
  }
  if (text.includes('@')) return email(text);
  const phone = phoneKey(text);
  if (phone !== null) return { kind: 'phone', value: phone, channel: null };
  return url(text);
}

function domainOfficial(host, domains) {
  return domains.some((d) => host === d || host.endsWith('.' + d));
}

/**
 * Whether `input` is an official contact of `registry`
 * ({contacts: [{channel, value, label, hours}], domains: [..]}).
 * Returns {status: 'official' | 'unofficial' | 'unknown', kind, contact}:
 * `contact` is the registry entry that matched, if any.
 */
export function verdict(input, registry) {
  const found = normalize(input);
  if (!found) return { status: 'unknown', kind: null, contact: null };
  const contacts = (registry && registry.contacts) || [];
  const domains = ((registry && registry.domains) || []).map((d) => d.toLowerCase());
  for (const contact of contacts) {
    const value = String(contact.value).normalize('NFKC').toLowerCase().trim();
    let match = false;
    if (found.kind === 'phone' && contact.channel === 'phone') {
      const key = phoneKey(value.replace(/^tel:/, ''));
      match = key !== null && phoneMatches(found.value, key);
    } else if (found.kind === 'email' && contact.channel === 'email') {
      match = found.value === value.replace(/^mailto:/, '');
    } else if (found.kind === 'domain' && (contact.channel === 'url' || contact.channel === 'chat')) {
      const n = normalize(value);
      match = n !== null && n.kind === 'domain' && domainOfficial(found.value, [n.value]);
    } else if (found.kind === 'handle') {
      let channel = contact.channel;
      let name = value.replace(/^@/, '');
      if (channel === 'url' || channel === 'chat') {
        const n = normalize(value);
        if (!n || n.kind !== 'handle') continue;
        channel = n.channel;
        name = n.value;
      }
      match = ['qq', 'wechat', 'telegram', 'x'].includes(channel) && name === found.value
        && (found.channel === null || found.channel === channel);
    }
    if (match) return { status: 'official', kind: found.kind, contact };
  }
  if (found.kind === 'domain' && domainOfficial(found.value, domains)) {
    return { status: 'official', kind: found.kind, contact: null };
  }
  return { status: 'unofficial', kind: found.kind, contact: null };
}

// Page wiring: runs only on the verification page.
function wire() {
  const form = document.getElementById('hb-verify');
  const data = document.getElementById('hb-contacts');
  const out = document.getElementById('hb-verify-result');
  if (!form || !data || !out) return;
  let registry;
  try {
    registry = JSON.parse(data.textContent);
  } catch {
    return;
  }
  const input = form.querySelector('input');
  const text = (key) => form.dataset[key] || '';
  const show = () => {
    const typed = input.value;
    out.replaceChildren();
    if (typed.trim() === '') {
      out.className = 'verify-result';
      return;
    }
    const v = verdict(typed, registry);
    const box = document.createElement('div');
    const heading = document.createElement('p');
    heading.className = 'verify-verdict';
    const shown = document.createElement('strong');
    shown.textContent = typed.trim();
    let message;
    if (v.status === 'official') {
      out.className = 'verify-result ok';
      message = text('official');
    } else if (v.status === 'unofficial') {
      out.className = 'verify-result bad';
      message = text('unofficial');
    } else {
      out.className = 'verify-result unknown';
      message = text('unknown');
    }
    heading.append(shown, document.createTextNode(' — ' + message));
    box.append(heading);
    if (v.contact) {
      const p = document.createElement('p');
      p.textContent = [v.contact.label, v.contact.hours].filter(Boolean).join(' · ');
      if (p.textContent) box.append(p);
    }
    if (v.status !== 'official') {
      const advice = document.createElement('p');
      advice.textContent = text('advice');
      box.append(advice);
      const list = document.createElement('ul');
      for (const c of registry.contacts || []) {
        const li = document.createElement('li');
        li.textContent = (c.label ? c.label + ': ' : '') + c.value;
        list.append(li);
      }
      box.append(list);
    }
    out.append(box);
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    show();
  });
  input.addEventListener('input', show);
  const query = new URLSearchParams(location.search).get('q');
  if (query) {
    input.value = query;
    show();
  }
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wire);
  else wire();
}
