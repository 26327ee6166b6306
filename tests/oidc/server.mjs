// A real OpenID Provider for the tests: node-oidc-provider (OpenID-certified), strict where the
// NL GOV profile is strict (PKCE S256 required), with its own login page and a few test-only
// endpoints. Started and stopped by tests/oidc/conftest.py; never used outside the tests.
//
// Environment: OP_PORT, OP_ISSUER, OP_CLIENTS (JSON list of client metadata).
//
// The login page takes any login (an email address) and any password; ticking "mfa" makes the
// provider assert two factors (amr ["pwd", "otp"], acr urn:klusmarkt:test:mfa). A login that starts
// with "gone-" is refused (access_denied), as a provider does for someone who left.
//
// Test-only endpoints (the tests drive a misbehaving provider with them):
//   POST /__test/mode   body: one of the MODES below; applies to the next token response only
//   GET  /__test/events the requests seen (authorisation parameters, token client auth), as JSON
import { generateKeyPair, exportJWK, SignJWT, decodeJwt } from 'jose';
import Provider from 'oidc-provider';

const port = Number(process.env.OP_PORT);
const issuer = process.env.OP_ISSUER;
const clients = JSON.parse(process.env.OP_CLIENTS);

const KID = 'op-signing-key';
const { privateKey } = await generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await exportJWK(privateKey)), kid: KID, alg: 'RS256', use: 'sig' };
// A key of the same kind the provider does not publish: its signatures must not verify.
const { privateKey: strangerKey } = await generateKeyPair('RS256', { extractable: true });

const MODES = new Set(['wrong-aud', 'wrong-iss', 'expired', 'unsigned', 'foreign-key', 'no-nonce', 'replay-nonce']);
let mode = '';
let lastNonce = '';
const events = [];

const provider = new Provider(issuer, {
  clients,
  jwks: { keys: [signingJwk] },
  cookies: { keys: ['test-only-cookie-key'] },
  pkce: { required: () => true },
  acrValues: ['urn:klusmarkt:test:pwd', 'urn:klusmarkt:test:mfa'],
  claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return {
          sub: id,
          email: id,
          email_verified: !id.startsWith('unverified'),
          name: `Test ${id.split('@')[0]}`,
          given_name: 'Test',
          family_name: id.split('@')[0],
        };
      },
    };
  },
  async loadExistingGrant(ctx) {
    // No consent screen: the organisation's own provider, the organisation's own application.
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function loginPage(uid, clientId) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test identity provider: sign in</title></head>
<body><main>
<h1>Test identity provider</h1>
<p>Sign in to continue to <strong>${clientId}</strong>.</p>
<form method="post" action="/interaction/${uid}/login">
  <p><label for="login">Email</label> <input id="login" name="login" type="email" autocomplete="username" required></p>
  <p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
  <p><input id="mfa" name="mfa" type="checkbox" value="1"> <label for="mfa">Use a second factor</label></p>
  <p><button type="submit">Sign in</button></p>
</form>
</main></body></html>`;
}

async function tamper(idToken) {
  const claims = decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  const used = mode;
  mode = '';
  if (used === 'wrong-aud') claims.aud = 'another-client';
  if (used === 'wrong-iss') claims.iss = 'http://127.0.0.1:1/not-the-issuer';
  if (used === 'expired') Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  if (used === 'no-nonce') delete claims.nonce;
  if (used === 'replay-nonce') claims.nonce = lastNonce;
  if (used === 'unsigned') {
    const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
    return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
  }
  const key = used === 'foreign-key' ? strangerKey : privateKey;
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: KID, typ: 'JWT' }).sign(key);
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test/mode' && ctx.method === 'POST') {
    const wanted = (await readBody(ctx.req)).trim();
    if (wanted && !MODES.has(wanted)) ctx.throw(400, `unknown mode ${wanted}`);
    mode = wanted;
    ctx.body = { mode };
    return;
  }
  if (ctx.path === '/favicon.ico') {
    ctx.status = 204;
    return;
  }
  if (ctx.path === '/__test/events' && ctx.method === 'GET') {
    ctx.body = events;
    return;
  }
  const interaction = ctx.path.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (interaction) {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (ctx.method === 'GET' && !interaction[2]) {
      ctx.type = 'html';
      ctx.body = loginPage(details.uid, details.params.client_id);
      return;
    }
    if (ctx.method === 'POST' && interaction[2]) {
      const form = new URLSearchParams(await readBody(ctx.req));
      const login = form.get('login') || '';
      const mfa = form.get('mfa') === '1';
      const result = login.startsWith('gone-')
        ? { error: 'access_denied', error_description: 'account no longer exists' }
        : {
            login: {
              accountId: login,
              amr: mfa ? ['pwd', 'otp'] : ['pwd'],
              acr: mfa ? 'urn:klusmarkt:test:mfa' : 'urn:klusmarkt:test:pwd',
            },
          };
      const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
      ctx.status = 303;
      ctx.redirect(returnTo);
      return;
    }
  }
  await next();
  if (ctx.path === '/token' && ctx.status === 200 && ctx.body && ctx.body.id_token) {
    const nonce = decodeJwt(ctx.body.id_token).nonce || '';
    if (mode) ctx.body.id_token = await tamper(ctx.body.id_token);
    lastNonce = nonce;
  }
});

provider.on('authorization.accepted', (ctx) => {
  const p = ctx.oidc.params;
  events.push({
    event: 'authorization',
    client_id: p.client_id,
    code_challenge_method: p.code_challenge_method || '',
    has_code_challenge: Boolean(p.code_challenge),
    nonce: p.nonce || '',
    state_length: (p.state || '').length,
    login_hint: p.login_hint || '',
    acr_values: p.acr_values || '',
  });
});
provider.on('grant.success', (ctx) => {
  events.push({ event: 'token', client_id: ctx.oidc.client.clientId, auth: ctx.oidc.client.tokenEndpointAuthMethod });
});
provider.on('server_error', (ctx, error) => console.error('server_error', error));

const server = provider.listen(port, '127.0.0.1', () => console.log(`listening ${issuer}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
