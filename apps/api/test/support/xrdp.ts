// The xrdp test server lives in tools/testing: plain JavaScript shared with the browser journeys
// and `npm run bench`, not an Nx project.
// eslint-disable-next-line @nx/enforce-module-boundaries
export {
  execText,
  XRDP_BLUE,
  XRDP_TEST_IMAGE,
  XRDP_USER,
  XrdpServer,
} from '../../../../tools/testing/xrdp-server.mjs';
