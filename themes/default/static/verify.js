// Contact verification, offline in the browser.
//
// The twin of src/contact/ (text.rs, phone.rs, normalize.rs, lookalike.rs,
// registry.rs): the same canonical text, the same normalisation, the same
// verdicts in the same order, answered from the site's published registry
// (contacts.json, which the verification page also carries inline). The
// shared vectors (tests/contact_vectors.json) and thousands of generated
// spellings (tests/contact.rs) hold the two to the same answers, so this
// page, the search box, `helpbook check` and `helpbook verify` agree.
// No dependencies; no network beyond contacts.json.

// ------------------------------------------------------------ text ----

/** Characters that render as nothing (text.rs `is_invisible`). */
const INVISIBLE =
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFF8\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]/gu;
const EDGE_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;
const LEAD_SPACE = /^\p{White_Space}+/u;

/** Invisible characters removed, NFKC, lowercase, trimmed (text.rs `canonical`). */
export function canonical(input) {
  return String(input).replace(INVISIBLE, '').normalize('NFKC').toLowerCase().replace(EDGE_SPACE, '');
}

const trimStart = (s) => s.replace(LEAD_SPACE, '');
const isWhite = (c) => /^\p{White_Space}$/u.test(c);

// ----------------------------------------------------------- phones ----

const isSeparator = (c) =>
  isWhite(c) || '-.()/\u2212'.includes(c) || (c >= '\u2010' && c <= '\u2015');

/** [withPlus, digits] of a phone spelling with 5–17 digits, or null (phone.rs `digits_of`). */
export function digitsOf(text) {
  let t = text.replace(EDGE_SPACE, '');
  const plus = t.startsWith('+');
  if (plus) t = trimStart(t.slice(1));
  let digits = '';
  for (const c of t) {
    if (c >= '0' && c <= '9') digits += c;
    else if (!isSeparator(c)) return null;
  }
  return digits.length >= 5 && digits.length <= 17 ? [plus, digits] : null;
}

/** `+` and E.164 digits, read in `region` (phone.rs `key`). */
export function phoneKey(plus, digits, region) {
  if (plus) return '+' + digits;
  if (!region) return digits;
  if (region.idd && digits.startsWith(region.idd)) return '+' + digits.slice(region.idd.length);
  const national = region.trunk && digits.startsWith(region.trunk) ? digits.slice(region.trunk.length) : digits;
  return '+' + region.country_code + national;
}

// -------------------------------------------------------- normalize ----

/** normalize.rs `HANDLE_KEYWORDS`, in the same order. */
const KEYWORDS = [
  ['telegram', 'telegram'], ['twitter', 'x'], ['wechat', 'wechat'], ['weixin', 'wechat'],
  ['加微信号', 'wechat'], ['加微信', 'wechat'], ['微信号', 'wechat'], ['微信', 'wechat'],
  ['薇信', 'wechat'], ['威信', 'wechat'], ['vx', 'wechat'], ['加qq', 'qq'], ['qq号', 'qq'],
  ['qq群', 'qq'], ['qq', 'qq'], ['扣扣', 'qq'], ['电报号', 'telegram'], ['电报', 'telegram'],
  ['飞机号', 'telegram'], ['纸飞机', 'telegram'], ['推特号', 'x'], ['推特', 'x'], ['tg', 'telegram'],
  ['x', 'x'],
];
const NOT_A_HANDLE = [
  'id', 'app', 'pay', 'group', 'account', 'official', 'support', 'service', 'channel', 'number',
  'wallet', 'message', 'messages', 'chat', 'user', 'name',
];
const isAscii = (s) => /^[\x00-\x7f]*$/.test(s);
const isHandleChar = (c) => /^[0-9a-zA-Z_.-]$/.test(c);
export const validHandle = (name) =>
  name.length > 0 && name.length <= 64 && [...name].every(isHandleChar) &&
  !/^[.-]/.test(name) && !/[.-]$/.test(name);

function accountAfterKeyword(rest) {
  const spaced = rest.length > 0 && isWhite([...rest][0]);
  let r = trimStart(rest);
  for (const filler of ['账号', '号', 'id']) {
    if (r.startsWith(filler)) {
      const after = r.slice(filler.length);
      const next = [...after][0];
      if (next === undefined || !isHandleChar(next)) {
        r = trimStart(after);
        break;
      }
    }
  }
  let marked = false;
  if (r.startsWith(':')) {
    r = trimStart(r.slice(1));
    marked = true;
  }
  if (r.startsWith('@')) {
    r = r.slice(1);
    marked = true;
  }
  return [r, marked, spaced];
}

function keywordHandle(text) {
  for (const [keyword, channel] of KEYWORDS) {
    if (!text.startsWith(keyword)) continue;
    const [name, marked, spaced] = accountAfterKeyword(text.slice(keyword.length));
    const latin = isAscii(keyword);
    const qqNumber = channel === 'qq' && /^[0-9]*$/.test(name);
    const needsMark = keyword === 'x' || keyword === 'tg' || keyword === 'vx';
    const unmarkedOk = !needsMark && (spaced || !latin);
    if ((marked || unmarkedOk || qqNumber) && validHandle(name) && !NOT_A_HANDLE.includes(name)) {
      return { kind: 'handle', value: name, channel };
    }
  }
  return null;
}

/** Punycode (RFC 3492) decoding, as the idna crate does it; null when malformed. */
export function punycodeDecode(input) {
  const BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700;
  const U32 = 0xffffffff;
  const adapt = (delta, points, first) => {
    delta = Math.floor(delta / (first ? DAMP : 2));
    delta += Math.floor(delta / points);
    let k = 0;
    while (delta > ((BASE - TMIN) * TMAX) >> 1) {
      delta = Math.floor(delta / (BASE - TMIN));
      k += BASE;
    }
    return k + Math.floor(((BASE - TMIN + 1) * delta) / (delta + SKEW));
  };
  const digit = (c) => {
    const x = c.charCodeAt(0);
    if (x >= 48 && x <= 57) return x - 48 + 26;
    if (x >= 65 && x <= 90) return x - 65;
    if (x >= 97 && x <= 122) return x - 97;
    return -1;
  };
  const delimiter = input.lastIndexOf('-');
  let base = '';
  let rest = input;
  if (delimiter > 0) {
    base = input.slice(0, delimiter);
    rest = input.slice(delimiter + 1);
  }
  if (!isAscii(base)) return null;
  const output = [...base];
  let n = 0x80, bias = 72, i = 0, pos = 0;
  while (pos < rest.length) {
    const previous = i;
    let weight = 1;
    for (let k = BASE; ; k += BASE) {
      if (pos >= rest.length) return null;
      const d = digit(rest[pos++]);
      if (d < 0) return null;
      const product = d * weight;
      if (product > U32) return null;
      i += product;
      if (i > U32) return null;
      const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
      if (d < t) break;
      weight *= BASE - t;
      if (weight > U32) return null;
    }
    bias = adapt(i - previous, output.length + 1, previous === 0);
    n += Math.floor(i / (output.length + 1));
    if (n > U32) return null;
    i %= output.length + 1;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    output.splice(i, 0, String.fromCodePoint(n));
    i++;
  }
  return output.join('');
}

const ALNUM = /^[\p{Alphabetic}\p{N}]$/u;
const ALPHA = /^\p{Alphabetic}$/u;

/** A host in compared form, or null (normalize.rs `host_form`). */
export function hostForm(host) {
  const h = host.endsWith('.') ? host.slice(0, -1) : host;
  const labels = [];
  for (const label of h.split('.')) {
    let decoded = label;
    if (label.startsWith('xn--')) {
      const d = punycodeDecode(label.slice(4));
      if (d === null) return null;
      decoded = d.toLowerCase();
    }
    const ok = decoded !== '' && !decoded.startsWith('-') && !decoded.endsWith('-') &&
      [...decoded].every((c) => c === '-' || ALNUM.test(c));
    if (!ok) return null;
    labels.push(decoded);
  }
  const tld = labels[labels.length - 1];
  const tldOk = [...tld].length >= 2 && [...tld].every((c) => ALPHA.test(c));
  return labels.length >= 2 && tldOk ? labels.join('.') : null;
}

function email(text) {
  const at = text.indexOf('@');
  if (at < 0) return null;
  const local = text.slice(0, at);
  const domain = hostForm(text.slice(at + 1));
  if (domain === null || local === '' || !/^[0-9a-z._%+-]+$/i.test(local)) return null;
  return { kind: 'email', value: `${local}@${domain}`, channel: null };
}

function url(text) {
  let rest = text;
  for (const scheme of ['https://', 'http://', '//']) {
    if (rest.startsWith(scheme)) {
      rest = rest.slice(scheme.length);
      break;
    }
  }
  const cut = rest.search(/[/?#\\]/);
  const end = cut < 0 ? rest.length : cut;
  const authority = rest.slice(0, end);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const colon = hostPort.lastIndexOf(':');
  const hostText = colon >= 0 && /^[0-9]*$/.test(hostPort.slice(colon + 1)) ? hostPort.slice(0, colon) : hostPort;
  const host = hostForm(hostText);
  if (host === null) return null;
  const path = rest.slice(end).replace(/^\/+/, '');
  const first = path.split(/[/?#]/)[0];
  const bare = host.startsWith('www.') ? host.slice(4) : host;
  const messenger = bare === 't.me' || bare === 'telegram.me' ? 'telegram'
    : bare === 'x.com' || bare === 'twitter.com' ? 'x' : null;
  if (messenger && validHandle(first)) return { kind: 'handle', value: first, channel: messenger };
  return { kind: 'domain', value: host, channel: null };
}

function version(text) {
  let rest = text;
  let marked = false;
  if (rest.startsWith('v')) {
    rest = trimStart(rest.slice(1));
    marked = true;
  }
  const parts = rest.split('.');
  const ok = parts.length >= 2 && parts.length <= 4 && (marked || parts.length >= 3) &&
    parts.every((p) => /^[0-9]{1,4}$/.test(p));
  return ok ? rest : null;
}

function phoneOf(text, region) {
  const d = digitsOf(text);
  return d ? { kind: 'phone', value: phoneKey(d[0], d[1], region), channel: null } : null;
}

/**
 * The comparable form {kind, value, channel} of what a reader typed, or
 * null (normalize.rs `normalize`). `region`: the registry's region.
 */
export function normalize(input, region = null) {
  const text = canonical(input);
  if (text === '') return null;
  if (text.startsWith('tel:')) return phoneOf(text.slice(4), region);
  if (text.startsWith('mailto:')) return email(text.slice(7).split('?')[0]);
  const handle = keywordHandle(text);
  if (handle) return handle;
  if (text.startsWith('@')) {
    const name = text.slice(1);
    return validHandle(name) ? { kind: 'handle', value: name, channel: null } : null;
  }
  if (text.includes('@') && !text.includes('://')) return email(text);
  const phone = phoneOf(text, region);
  if (phone) return phone;
  const v = version(text);
  if (v !== null) return { kind: 'version', value: v, channel: null };
  return url(text);
}

// ------------------------------------------------------- look-alikes ----

// Generated from the unicode-security crate's TR39 confusables (see
// src/contact/lookalike.rs; tests/contact.rs checks every code point):
// each entry is a character, then the ASCII it reads as.
const CONFUSABLES = '0o 1l mrn |l ¡i ×x æae þp ıi œoe ƍg ƒf ƽs ƿp ǀl ǁll ȣ8 ȷj ɑa ɡg ɣy ɩi ɪi ɯw ʄf ʋu ʏy ʣdz ʦts ʪls ʫlz αa γy ιi νv οo ρp σo υu ϭo ϳj ϸp аa б6 гr еe оo рp сc уy хx шw ѕs іi јj ѡw ѵv ѹoy үy һh ҽe ӏl ӕae ԁd ԛq ԝw ՠrn աw գq զq հh յj ոn ռn սu ցg ւi քf օo ׀l וl טv ןl סo װll اl هo ١l ٥o ٧v ھo ہo ەo ۱l ۵o ۷v ߀o ߊl ߋo ߌy ߓf ߕb ߠt ࡀo ।l ॥ll ०o ३3 ০o ৪8 ৭9 ੦o ੧9 ੪8 ૦o ૩3 ଃ8 ଠo ୦o ୨9 ௦o ంo ౦o ಂo ೦o ംo ടs ഠo ൦o ൭9 ංo ๐o ໐o ငc ဝo ၀o ၊l ။ll ၚc ყy ჽs ჿo ᄋo ᅇoo ᆼo ᇮoo ሀu ዐo ᐯv ᑌu ᑭp ᑯd ᑲb ᒍj ᒪl ᒿ2 ᕁx ᕼh ᕽx ᖇr ᖯb ᖴf ᗅa ᗞd ᗪd ᗰm ᗷb ᘖ2 ᙭x ᙮x ᚷx ᛁl ᛐl ᛕk ᛖm ᜂ3 ᜪ7 ᝣx ០o ᩅo ᪀o ᪐o ᯪo ᯬx ᲂo ᲃc ᲄ7 ᳵx ᴄc ᴏo ᴑo ᴜu ᴠv ᴡw ᴢz ᴦr ᵫue ᶃg ᶌy ẝf ỿy ‖ll ₶lt ℮e ↿l ∞oo ∣l ∥ll ∨v ∪u ⊤t ⋁v ⋃u ⋿e ⍳i ⍴p ⍺a ⏽l │l ┃l ╳x ⟙t ⤫x ⤬x ⧢w ⨯x ⱬz ⲅr ⲍz ⲓi ⲟo ⲣp ⲥc ⲩy ⲽw ⳋ9 ⳏp ⳓ6 ⴭz ⴸv ⴹe ⵊl ⵏl ⵔo ⵕq ⵝx 〇o ㄒt ㄚy 丅t 丫y ꓐb ꓑp ꓒd ꓓd ꓔt ꓖg ꓗk ꓙj ꓚc ꓜz ꓝf ꓟm ꓠn ꓡl ꓢs ꓣr ꓦv ꓧh ꓪw ꓫx ꓬy ꓮa ꓰe ꓲl ꓳo ꓴu ꔋt ꔖlll ꕃ6 ꕗb ꕯl ꕶs ꖉ8 ꗋe ꙇi ꚙoo ꛉz ꛟv ꛯ2 ꜱs ꜳaa ꜵao ꜷau ꜹav ꜻav ꜽay ꝏoo ꝯ9 ꝷtf ꞁl ꞙf ꞟu ꟺw ꟾl ꠰l ꣎l ꣏ll ꩝l ꬲe ꬵf ꬽo ꭃco ꭇr ꭈr ꭎu ꭒu ꭚy ꭣuo ꭤa ꭵi ꮁr ꮃw ꮓz ꮞ4 ꮤw ꮩv ꮪs ꮯc ꮾ6 𐅾f 𐆋d 𐊂b 𐊆e 𐊇f 𐊊l 𐊐x 𐊒o 𐊕p 𐊖s 𐊗t 𐊠a 𐊡b 𐊢c 𐊥f 𐊫o 𐊰m 𐊱t 𐊲y 𐊴x 𐋏h 𐋵z 𐌁b 𐌂c 𐌉l 𐌏o 𐌑m 𐌕t 𐌗x 𐌚8 𐌜b 𐌠l 𐌢x 𐐬o 𐐽c 𐑈s 𐓪o 𐓶u 𐔇z 𐔎l 𐔓n 𐔖o 𐔘k 𐔛c 𐔝v 𐔥f 𐔦l 𐔧x 𐤦l 𐤬o 𐰓x 𐰗o 𐰟v 𐰠y 𐰡m 𐰾l 𐳂x 𐳺l 𐳼x 𐴇o 𑁇l 𑁈ll 𑃀l 𑃁ll 𑄤o 𑅁l 𑅂ll 𑇅l 𑇆ll 𑌂o 𑏔l 𑏕ll 𑑅8 𑑋l 𑑌ll 𑓐o 𑗅l 𑙁l 𑙂ll 𑜀rn 𑜆v 𑜊w 𑜎w 𑜏w 𑣀v 𑣁s 𑣂f 𑣃i 𑣄y 𑣆7 𑣈o 𑣊3 𑣌9 𑣕6 𑣖9 𑣗o 𑣘u 𑣜y 𑣠o 𑣣rn 𑣥z 𑣦w 𑣩c 𑣬x 𑣯w 𑣲c 𑪼z 𑪾n 𑱁l 𑱂ll 𑷚l 𑷠o 𑷡l 𖧁9 𖧾8 𖨙r 𖫖s 𖫩o 𖵣l 𖺂4 𖺊7 𖼈v 𖼊t 𖼖l 𖼨l 𖼵r 𖼺s 𖼻3 𖽀a 𖽂u 𖽃y 𜻼v 𝄀l 𝄴c 𝇾7 𝈆3 𝈇b 𝈌w 𝈍v 𝈒7 𝈓f 𝈖r 𝈪l 𝉢ll 𝍳t 𝍷l 𝽚a 𝽝ie 𝽞oi 𝽟ou 𝽤th 𝽥wh 𝽪a 𝽽w 𝾁e 𞅀o 𞅁l 𞅅v 𞋰o 𞋲9 𞣇l 𞣋8 𞴁l 🜀qe 🜇ar 🝌c 🝜sss 🝨t 🝫mb 🝬vb';
const PROTOTYPE = new Map(
  CONFUSABLES.split(' ').filter(Boolean).map((e) => {
    const c = String.fromCodePoint(e.codePointAt(0));
    return [c, e.slice(c.length)];
  }),
);

/** lookalike.rs `skeleton`. */
export function skeleton(text) {
  let out = '';
  for (const c of text) out += PROTOTYPE.get(c) ?? c;
  return out;
}

const TWO_LABEL_SUFFIXES = [
  'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn', 'com.hk', 'org.hk', 'com.tw', 'org.tw',
  'com.sg', 'com.my', 'com.au', 'net.au', 'co.uk', 'org.uk', 'co.jp', 'ne.jp', 'co.kr', 'co.in',
  'co.id', 'com.br', 'com.mx', 'com.tr', 'com.vn', 'com.ph', 'co.nz', 'co.za', 'github.io',
  'gitlab.io', 'netlify.app', 'pages.dev', 'vercel.app', 'web.app',
];

export function registrable(host) {
  const labels = host.split('.');
  const n = labels.length;
  const keep = n >= 3 && TWO_LABEL_SUFFIXES.includes(labels.slice(n - 2).join('.')) ? 3 : 2;
  return n <= keep ? host : labels.slice(n - keep).join('.');
}
const brand = (host) => registrable(host).split('.')[0];
export const isUnder = (host, official) => host === official || host.endsWith('.' + official);

/** At most one insertion, deletion, replacement or adjacent swap apart. */
export function withinOneEdit(a, b) {
  let s = [...a];
  let l = [...b];
  if (s.length > l.length) [s, l] = [l, s];
  if (l.length - s.length > 1) return false;
  let p = 0;
  while (p < s.length && s[p] === l[p]) p++;
  if (p === s.length) return true;
  const eq = (x, y) => x.length === y.length && x.every((c, i) => c === y[i]);
  if (s.length === l.length) {
    return eq(s.slice(p + 1), l.slice(p + 1)) ||
      (p + 1 < s.length && s[p] === l[p + 1] && s[p + 1] === l[p] && eq(s.slice(p + 2), l.slice(p + 2)));
  }
  return eq(s.slice(p), l.slice(p + 1));
}

const bare = (text) => skeleton(text).replace(/[._-]/g, '');
const count = (s) => [...s].length;

function officials(registry) {
  const hosts = [];
  const handles = [];
  const phones = [];
  for (const e of registry.official || []) {
    if (e.key.kind === 'domain') hosts.push(e.key.value);
    else if (e.key.kind === 'email') hosts.push(e.key.value.slice(e.key.value.lastIndexOf('@') + 1));
    else if (e.key.kind === 'handle') handles.push(e.key.value);
    else if (e.key.kind === 'phone') phones.push(e.key.value);
  }
  hosts.push(...(registry.official_hosts || []));
  const sorted = [...new Set(hosts)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { hosts: sorted, handles, phones };
}

function hostImitated(o, host) {
  const own = skeleton(registrable(host));
  const ownBrand = skeleton(brand(host));
  const labels = host.split('.').map(skeleton);
  const suffixLabels = registrable(host).split('.').length - 1;
  const named = labels.slice(0, Math.max(0, labels.length - suffixLabels));
  return o.hosts.find((official) => {
    if (registrable(host) === registrable(official)) return false;
    const theirs = skeleton(registrable(official));
    const theirBrand = skeleton(brand(official));
    const n = count(theirBrand);
    return own === theirs || (n >= 4 && named.some((l) => l.includes(theirBrand))) ||
      (n >= 5 && withinOneEdit(ownBrand, theirBrand));
  }) ?? null;
}

function handleImitated(o, name) {
  if (/^[0-9]*$/.test(name)) return null;
  const own = bare(name);
  const byHandle = o.handles.find((official) => {
    const theirs = bare(official);
    const n = count(theirs);
    return own === theirs || (n >= 5 && (own.includes(theirs) || (own.length >= 5 && theirs.includes(own)))) ||
      (n >= 6 && withinOneEdit(own, theirs));
  });
  if (byHandle !== undefined) return byHandle;
  return o.hosts.find((host) => {
    const b = skeleton(brand(host));
    return count(b) >= 4 && own.includes(b);
  }) ?? null;
}

function phoneImitated(o, key) {
  if (!key.startsWith('+')) return null;
  return o.phones.find((p) => p.length === key.length && p !== key && withinOneEdit(p, key)) ?? null;
}

// ---------------------------------------------------------- verdicts ----

function same(found, listed) {
  if (found.kind === 'domain' && listed.kind === 'domain') return isUnder(found.value, listed.value);
  if (found.kind === 'email' && listed.kind === 'domain') {
    return isUnder(found.value.slice(found.value.lastIndexOf('@') + 1), listed.value);
  }
  if (found.kind === 'handle' && listed.kind === 'handle') {
    return found.value === listed.value &&
      (found.channel === null || listed.channel === null || found.channel === listed.channel);
  }
  return found.kind === listed.kind && found.value === listed.value;
}

const hostOf = (found) =>
  found.kind === 'domain' ? found.value
    : found.kind === 'email' ? found.value.slice(found.value.lastIndexOf('@') + 1) : null;

/**
 * The verdict for what a reader typed, from a published registry
 * (contacts.json): {status: 'official' | 'third_party' | 'scam' |
 * 'imitation' | 'unknown', found, official?, release?, third_party?,
 * scam?, imitates?, linked, needs_country_code} (registry.rs `Verdict`).
 */
export function verdict(input, registry) {
  const found = normalize(input, registry.region ?? null);
  const v = (status, extra = {}) => ({ status, found, linked: false, needs_country_code: false, ...extra });
  if (!found) return v('unknown');
  const scam = (registry.scams || []).find((s) => same(found, s.key));
  if (scam) return v('scam', { scam });
  if (found.kind === 'version') {
    const released = (registry.releases || []).includes(found.value);
    return released ? v('official', { release: found.value }) : v('unknown');
  }
  const official = (registry.official || []).find((o) =>
    !(found.kind === 'email' && o.key.kind === 'domain') && same(found, o.key));
  if (official) return v('official', { official });
  if (found.kind === 'domain' && (registry.official_hosts || []).some((h) => isUnder(found.value, h))) {
    return v('official');
  }
  const third = (registry.third_parties || []).find((t) => same(found, t.key));
  if (third) return v('third_party', { third_party: third });
  const host = hostOf(found);
  if (host !== null && (registry.link_domains || []).some((d) => isUnder(host, d))) {
    return v('unknown', { linked: true });
  }
  const o = officials(registry);
  let imitated = null;
  if (found.kind === 'domain' || found.kind === 'email') {
    if (host !== null && !o.hosts.some((h) => isUnder(host, h))) {
      const official = hostImitated(o, host);
      imitated = official === null ? null : registrable(official);
    }
  } else if (found.kind === 'handle') {
    imitated = handleImitated(o, found.value);
  } else if (found.kind === 'phone') {
    imitated = phoneImitated(o, found.value);
  }
  if (imitated !== null) {
    const entry = (registry.official || []).find((e) => e.key.value === imitated);
    return v('imitation', { imitates: entry ? entry.value : imitated });
  }
  return v('unknown', { needs_country_code: found.kind === 'phone' && !found.value.startsWith('+') });
}

/** `{name}` placeholders replaced (registry.rs `fill`). */
export function fill(text, vars) {
  return text.replace(/\{([^{}]*)\}/g, (m, name) => (name in vars ? vars[name] : m));
}

/** A per-language text, else the first there is (registry.rs `in_lang`). */
export function inLang(texts, lang) {
  if (!texts) return '';
  if (lang in texts) return texts[lang];
  const keys = Object.keys(texts).sort();
  return keys.length ? texts[keys[0]] : '';
}

function message(registry, lang, key, vars = {}) {
  const words = (registry.messages && registry.messages[lang]) || {};
  return fill(key in words ? words[key] : key, vars);
}

/** The verdict's headline in `lang`, worded by the registry's messages. */
export function headline(v, registry, lang) {
  const t = (m) => inLang(m, lang);
  switch (v.status) {
    case 'official':
      if (v.official) return message(registry, lang, 'verify_official', { label: t(v.official.label) });
      if (v.release) return message(registry, lang, 'verify_official_release', { version: v.release });
      return message(registry, lang, 'verify_official_site');
    case 'third_party':
      return message(registry, lang, 'verify_third_party', { owner: t(v.third_party.owner) });
    case 'scam':
      return message(registry, lang, 'verify_scam', { date: v.scam.reported, description: t(v.scam.description) });
    case 'imitation':
      return message(registry, lang, 'verify_imitation', { official: v.imitates });
    default:
      if (!v.found) return message(registry, lang, 'verify_not_contact');
      if (v.found.kind === 'version') return message(registry, lang, 'verify_unknown_version', { version: v.found.value });
      if (v.needs_country_code) return message(registry, lang, 'verify_needs_country_code');
      if (v.linked) return message(registry, lang, 'verify_unknown_linked');
      return message(registry, lang, 'verify_unknown');
  }
}

/** The advice that goes with a verdict ('' when there is none). */
export function advice(v, registry, lang) {
  const key = { official: 'verify_advice_official', third_party: 'verify_advice_third_party', scam: 'verify_advice_scam', imitation: 'verify_advice_scam' }[v.status] ??
    (v.found ? 'verify_advice' : null);
  return key ? message(registry, lang, key) : '';
}

/**
 * The contacts in a search query: the whole query when it is one, else
 * the links, emails, handles and digit runs in it (a reader may paste
 * "is +86 400 555 0199 real?"). Phone numbers need 7+ digits, so an
 * amount or a year is not a contact.
 */
export function contactsIn(query, registry) {
  const region = registry.region ?? null;
  // Seven digits as typed (not counting a country code the region adds).
  const typedDigits = (text) => {
    const t = canonical(text);
    const d = digitsOf(t.startsWith('tel:') ? t.slice(4) : t);
    return d ? d[1].length : 0;
  };
  const worthIt = (text) => {
    const n = normalize(text, region);
    return n && n.kind !== 'version' && !(n.kind === 'phone' && typedDigits(text) < 7);
  };
  if (worthIt(query)) return [query.trim()];
  const text = canonical(query);
  const found = [];
  const patterns = [
    /(?:https?:\/\/|www\.)[^\s<>"'`]+/g,
    /[0-9a-z._%+-]+@[^\s@<>"'`]+/g,
    /(?:telegram|twitter|wechat|weixin|微信号?|qq号?|电报|推特|tg|x|vx)\s*[:：]?\s*@?[0-9a-z_.-]+/g,
    /(?<![0-9a-z_])@[0-9a-z_.-]+/g,
    /\+?[0-9][0-9\s().\u2010-\u2015-]{5,}[0-9]/g,
    /[0-9a-z-]+(?:\.[0-9a-z-]+)+\/?[^\s]*/g,
  ];
  for (const pattern of patterns) {
    for (const m of text.matchAll(pattern)) {
      const candidate = m[0].replace(/[.,;:!?]+$/, '');
      if (worthIt(candidate) && !found.some((f) => f.includes(candidate))) found.push(candidate);
    }
  }
  return found;
}

// --------------------------------------------------------------- page ----

/** Renders a verdict card: headline, details, advice, official channels. */
export function card(typed, v, registry, lang, doc = document) {
  const el = (tag, cls, text) => {
    const node = doc.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    return node;
  };
  const box = el('div', `verify-card ${v.status}`);
  const heading = el('p', 'verify-verdict');
  heading.append(el('strong', null, typed.trim()), doc.createTextNode(' — ' + headline(v, registry, lang)));
  box.append(heading);
  if (v.official) {
    const details = [inLang(v.official.hours, lang)].filter(Boolean).join(' · ');
    if (details) box.append(el('p', null, details));
  }
  const tip = advice(v, registry, lang);
  if (tip) box.append(el('p', 'verify-advice', tip));
  if (v.status !== 'official' && v.found) {
    const list = el('ul', 'verify-official');
    for (const c of registry.official || []) {
      if (c.languages && c.languages.length && !c.languages.includes(lang)) continue;
      const li = el('li');
      const label = inLang(c.label, lang);
      if (label) li.append(doc.createTextNode(label + ' '));
      if (c.href && /^(tel:|mailto:|https?:)/i.test(c.href)) {
        const a = el('a', null, c.value);
        a.href = c.href;
        li.append(a);
      } else {
        li.append(el('span', null, c.value));
      }
      list.append(li);
    }
    box.append(list);
  }
  return box;
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
  const lang = form.dataset.lang || document.documentElement.lang;
  const input = form.querySelector('input');
  const show = () => {
    const typed = input.value;
    out.replaceChildren();
    out.className = 'verify-result';
    if (typed.trim() === '') return;
    const v = verdict(typed, registry);
    out.className = `verify-result ${v.status === 'official' ? 'ok' : v.found ? 'bad' : 'unknown'}`;
    out.append(card(typed, v, registry, lang));
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
