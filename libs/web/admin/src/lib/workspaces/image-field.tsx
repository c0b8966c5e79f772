import { Alert, Autocomplete, type AutocompleteProps, Input, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { useEngineImages } from './api/get-engine-images';
import { allImages, imageAvailability } from './engine-images';

const monospace = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

/**
 * The Docker image: picked from the images the engines hold, or typed (an image pulled later);
 * warns when an engine lacks the chosen one, since a session placed there fails to start.
 */
export function ImageField({ error, ...props }: Omit<AutocompleteProps, 'data'> & { value?: string }) {
  const id = useId();
  const engines = useEngineImages();
  const list = engines.data?.engines ?? [];
  const value = (props.value ?? '').trim();
  const availability = value && engines.data ? imageAvailability(value, list) : null;
  const names = (xs: { name: string }[]) => xs.map((e) => e.name).join(', ');
  return (
    <Stack gap={6}>
      {/* The label is the wrapper's, for the input only: Autocomplete would also give it to its
          suggestion list, and "Docker image" would then name two elements. */}
      <Input.Wrapper
        label="Docker image"
        description="Pick an image the engines hold, or type a reference (e.g. kasmweb/firefox:1.16.0)."
        required
        error={error}
        id={id}
      >
        <Autocomplete
          id={id}
          required
          styles={monospace}
          limit={50}
          maxDropdownHeight={280}
          {...props}
          error={Boolean(error)}
          data={allImages(list)}
        />
      </Input.Wrapper>
      {availability && availability.missing.length > 0 ? (
        <Alert
          color={availability.present.length === 0 ? 'red' : 'yellow'}
          variant="light"
          data-testid="image-missing-warning"
          title={
            availability.present.length === 0
              ? 'No engine has this image'
              : `Missing on ${availability.missing.length === 1 ? 'an engine' : 'some engines'}`
          }
        >
          <Text size="sm">
            {availability.present.length === 0
              ? `Sessions of this workspace fail to start (PROVISION_FAILED) until the image is pulled on an engine (${names(availability.missing)}).`
              : `${names(availability.missing)} ${availability.missing.length === 1 ? 'does' : 'do'} not have it: a session placed there fails to start. Pull it there, e.g. docker pull ${value}.`}
          </Text>
        </Alert>
      ) : null}
      {availability && availability.missing.length === 0 && availability.present.length > 0 ? (
        <Text size="xs" c="teal" data-testid="image-present-note">
          On {availability.present.length === list.length ? 'every engine' : names(availability.present)}.
        </Text>
      ) : null}
      {availability && availability.unknown.length > 0 ? (
        <Text size="xs" c="dimmed">
          Not known for {names(availability.unknown)}: the engine did not answer.
        </Text>
      ) : null}
    </Stack>
  );
}
