import { parsePayloadKeys } from '@uplift/config';

/**
 * The payload keys of every test stack, fixed and committed on purpose: the encrypted replay
 * fixtures in test/histories were recorded under them and must decrypt in the replay test. Test
 * data only; never a key of a real deployment. `test-1` is retired (still decrypts), `test-2`
 * encrypts, as after a rotation.
 */
export const TEST_PAYLOAD_KEYS =
  'test-2:dXBsaWZ0LXRlc3QtcGF5bG9hZC1rZXktMi0tMzJieXQ=,test-1:dXBsaWZ0LXRlc3QtcGF5bG9hZC1rZXktMS0tMzJieXQ=';
export const TEST_PAYLOAD_KEY_ID = 'test-2';

export const testPayloadKeys = () => parsePayloadKeys(TEST_PAYLOAD_KEYS, TEST_PAYLOAD_KEY_ID);
