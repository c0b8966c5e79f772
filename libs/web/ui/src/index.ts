export { ConfirmButton, type ConfirmButtonProps } from './lib/confirm-button';
export { ConfirmModal, type ConfirmModalProps } from './lib/confirm-modal';
export { EmptyState, type EmptyStateProps } from './lib/empty-state';
export { ErrorState, type ErrorStateProps } from './lib/error-state';
export { IconAlert, IconCheck, IconCompass, IconCopy, IconInbox, IconLock, IconQrCode } from './lib/icons';
export { LoadingState, type LoadingStateProps } from './lib/loading-state';
export { PageHeader, type PageHeaderProps } from './lib/page-header';
export {
  niceCeiling,
  StackedBarChart,
  type ChartSeries,
  type StackedBar,
  type StackedBarChartProps,
} from './lib/stacked-bar-chart';
export {
  frameAllow,
  frameSandbox,
  frameUrl,
  PARENT_ORIGIN_PARAM,
  sessionOrigin,
  viewOnlySettings,
  type FrameUrlOptions,
  type SessionEntry,
} from './lib/session-frame/frame-url';
export { SessionFrame, type SessionFrameProps } from './lib/session-frame/session-frame';
export { DeleteButton, type DeleteButtonProps } from './lib/form/delete-button';
export {
  apiPathSegments,
  describeJsonPath,
  describeLine,
  describeLinesOf,
  mapFieldErrors,
  validationFields,
  type DescribeRest,
  type FieldErrorTarget,
  type MappedFieldErrors,
} from './lib/form/field-errors';
export {
  applyApiError,
  FormFailureAlert,
  type ApplyApiErrorOptions,
  type FormFailure,
} from './lib/form/form-failure';
export { FormActions, FormPage, FormStack, RecordState } from './lib/form/form-page';
export { formatDateTime, formatDuration, shortId } from './lib/format';
export {
  PAGE_SIZES,
  toPageQuery,
  useListParams,
  type ListParams,
  type ListParamsState,
} from './lib/list/list-params';
export { ListView, SEARCH_DEBOUNCE_MS, type ListColumn, type ListViewProps } from './lib/list/list-view';
export { notifySaved } from './lib/notify';
export { choicesError, mergeOptions, useChosenLabels, withChosen } from './lib/pickers/picker-options';
export {
  type PickerProps,
  RecordsMultiSelect,
  type RecordsMultiSelectProps,
} from './lib/pickers/records-multi-select';
export { useNow } from './lib/use-now';
