export { ApiError, isApiError, type ApiErrorInit } from './lib/api/api-error';
export {
  apiFetch,
  apiFetchFile,
  filenameFromDisposition,
  onUnauthenticated,
  type ApiFetchOptions,
  type DownloadedFile,
  type QueryValue,
  type UnauthenticatedHandler,
} from './lib/api/api-fetch';
export { createQueryClient, shouldRetry } from './lib/api/query-client';
export { queryKeys } from './lib/api/query-keys';
export { getMe, meQueryOptions, useMe } from './lib/auth/get-me';
export { login, useLogin } from './lib/auth/login';
export { logout, useLogout } from './lib/auth/logout';
export {
  changePassword,
  changePasswordProblems,
  useChangePassword,
  type ChangePasswordValues,
} from './lib/auth/change-password';
export { resetUserCache } from './lib/auth/reset-user-cache';
export {
  SIGN_IN_PATH,
  afterSignInPath,
  homePathFor,
  safeNextPath,
  signInPath,
} from './lib/auth/sign-in-redirect';
export { DEFAULT_GUIDANCE, errorGuidance, type ErrorGuidance } from './lib/errors/error-guidance';
export { castKeyOf, castOriginOf, castRetryPath, rememberCastOrigin } from './lib/cast/cast-origin';
export {
  GENERIC_ERROR_MESSAGE,
  errorMessage,
  errorMessages,
  errorPagePath,
  formatWait,
  type ErrorMessageOptions,
} from './lib/errors/error-messages';
export { APP_TITLE, pageTitle, usePageTitle } from './lib/page-title';
