import { errorMessage } from '@caster/web/core';
import { Alert, Button, FileInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useUploadSessionFile } from '../../api/upload-session-file';
import { PanelSection } from './panel-section';

export function UploadWidget({ sessionId }: { sessionId: string }) {
  const upload = useUploadSessionFile(sessionId);
  const [file, setFile] = useState<File | null>(null);
  const [folder, setFolder] = useState('');

  const submit = () => {
    if (!file) return;
    upload.mutate({ file, folder }, { onSuccess: () => setFile(null) });
  };

  return (
    <PanelSection title="Upload a file">
      <FileInput
        label="File"
        placeholder="Choose a file"
        value={file}
        onChange={(value) => {
          setFile(value);
          upload.reset();
        }}
        clearable
        size="xs"
      />
      <TextInput
        label="Folder in the session"
        description="Inside your home folder; leave empty for the home folder itself."
        placeholder="e.g. Desktop"
        value={folder}
        onChange={(event) => setFolder(event.currentTarget.value)}
        size="xs"
      />
      <Button size="xs" onClick={submit} disabled={!file} loading={upload.isPending}>
        Upload
      </Button>
      {upload.isSuccess ? (
        <Text size="xs" c="green" role="status">
          Uploaded to {upload.data.path}
        </Text>
      ) : null}
      {upload.error ? (
        <Alert color="red" p="xs" role="alert">
          {errorMessage(upload.error.code)}
        </Alert>
      ) : null}
    </PanelSection>
  );
}
