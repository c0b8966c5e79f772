import { type RemoteAppDryRunResult } from '@caster/contracts';
import { ApiError, errorMessage } from '@caster/web/core';
import { Alert, Button, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useDryRunRemoteApp } from './api/dry-run-remote-app';
import { parseRemoteAppConfig } from './casting-form-values';

/** What the administrator reads when the dry run refuses the sample: keyed by code, never by message. */
export function dryRunProblem(error: ApiError): string {
  const details = error.details as { param?: unknown; fields?: Record<string, string> };
  const param = typeof details.param === 'string' ? `“${details.param}”` : 'a parameter';
  const visitor = `A visitor opening this link would be refused: “${errorMessage(error.code)}”`;
  if (error.code === 'PARAMETER_REQUIRED')
    return `${visitor} The sample has no ${param} parameter, which the configuration marks as required.`;
  if (error.code === 'PARAMETER_INVALID')
    return `${visitor} The value of ${param} is not accepted: it does not match its value_pattern, holds " % ! or a control character, starts with / or - where the argument allows no switch, or the sample has too many or too long parameters.`;
  if (error.code !== 'VALIDATION_FAILED') return errorMessage(error.code);
  const fields = Object.keys(details.fields ?? {});
  const params = fields.filter((f) => f.startsWith('params.')).map((f) => `“${f.slice(7)}”`);
  if (params.length > 0)
    return `${visitor} The value of ${params.join(', ')} holds a control character (such as %00), refused before the link's rules are read.`;
  return `The configuration cannot be tried as it is: ${fields.map((f) => `${f}: ${details.fields?.[f] ?? ''}`).join('; ')}`;
}

/**
 * The Remote App section's "try it": the draft configuration against a sample link, answered by
 * the API with the very remote-app and remote-app-args a cast would build.
 */
export function RemoteAppDryRun({ configText, sampleHint }: { configText: string; sampleHint: string }) {
  const [url, setUrl] = useState('');
  const [result, setResult] = useState<RemoteAppDryRunResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const dryRun = useDryRunRemoteApp();

  const tryIt = async () => {
    setResult(null);
    setProblem(null);
    const parsed = parseRemoteAppConfig(configText);
    if ('error' in parsed) return setProblem(`Fix the configuration first. ${parsed.error}`);
    if (parsed.value === null) return setProblem('Write a Remote App Configuration first.');
    try {
      setResult(await dryRun.mutateAsync({ remoteAppConfig: parsed.value, url }));
    } catch (caught) {
      setProblem(dryRunProblem(ApiError.from(caught)));
    }
  };

  return (
    <Stack gap="xs" data-testid="remote-app-dry-run">
      <Group align="flex-end" gap="sm" wrap="nowrap">
        <TextInput
          label="Try it with a sample link"
          description="A casting link or just its query; shows what a visitor's session would get."
          placeholder={sampleHint}
          value={url}
          onChange={(event) => setUrl(event.currentTarget.value)}
          style={{ flex: 1 }}
          spellCheck={false}
        />
        <Button variant="light" onClick={() => void tryIt()} loading={dryRun.isPending}>
          Try
        </Button>
      </Group>
      {result ? (
        <Stack gap={4} data-testid="remote-app-dry-run-result">
          <Text size="sm">
            remote-app: <Code>{result['remote-app']}</Code>
          </Text>
          <Text size="sm">
            remote-app-args:{' '}
            {result['remote-app-args'] === '' ? (
              <Text span c="dimmed" size="sm">
                (none)
              </Text>
            ) : (
              <Code>{result['remote-app-args']}</Code>
            )}
          </Text>
        </Stack>
      ) : null}
      {problem ? (
        <Alert color="red" variant="light" data-testid="remote-app-dry-run-problem">
          {problem}
        </Alert>
      ) : null}
    </Stack>
  );
}
