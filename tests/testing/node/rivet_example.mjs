// The official @zoom/rivet SDK against phonestack (see docs/testing-your-integration.md).
// Rivet takes the API base URL as `baseUrl`; its OAuth host is fixed to zoom.us, so the token
// comes from phonestack's /oauth/token and reaches Rivet through its `tokenStore` option.
// Usage: node rivet_example.mjs <phonestack url> <account id> <client id> <client secret>
import { PhoneS2SAuthClient } from "@zoom/rivet/phone";

const [url, accountId, clientId, clientSecret] = process.argv.slice(2);

const tokenResponse = await fetch(
  `${url}/oauth/token?grant_type=account_credentials&account_id=${accountId}`,
  {
    method: "POST",
    headers: { Authorization: "Basic " + Buffer.from(`${clientId}:${clientSecret}`).toString("base64") },
  },
);
const { access_token, expires_in } = await tokenResponse.json();

const tokenStore = {
  getLatestToken: () => ({
    accessToken: access_token,
    expirationTimeIso: new Date(Date.now() + expires_in * 1000).toISOString(),
    scopes: [],
  }),
  storeToken: () => {},
};

const client = new PhoneS2SAuthClient({
  clientId, clientSecret, accountId, tokenStore, baseUrl: `${url}/v2`, disableReceiver: true,
});

try {
  const response = await client.endpoints.phoneNumbers.listPhoneNumbers({ query: { page_size: 5 } });
  console.log(JSON.stringify({ status: response.statusCode, body: response.data }));
} catch (err) {
  // Rivet throws on non-2xx with a message "[<status>/<Zoom error code>]: "<message>""
  const message = String(err.message ?? err);
  const status = Number(/^\[(\d+)/.exec(message)?.[1] ?? NaN);
  console.log(JSON.stringify({ status, error: message }));
}
