import { errorMessage } from '@caster/web/core';
import { Alert, Button, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useDownloadSessionFile } from '../../api/download-session-file';
import { PanelSection } from './panel-section';
import { baseName, saveFile } from './save-file';

export function DownloadWidget({ sessionId }: { sessionId: string }) {
  const download = useDownloadSessionFile(sessionId);
  const [path, setPath] = useState('');

  const submit = () => {
    const wanted = path.trim();
    if (!wanted) return;
    download.mutate(wanted, {
      onSuccess: (file) => saveFile(file.blob, file.filename ?? baseName(wanted)),
    });
  };

  return (
    <PanelSection title="Download a file">
      <TextInput
        label="Path in the session"
        description="Relative to your home folder."
        placeholder="e.g. Desktop/report.pdf"
        value={path}
        onChange={(event) => {
          setPath(event.currentTarget.value);
          download.reset();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') submit();
        }}
        size="xs"
      />
      <Button size="xs" onClick={submit} disabled={!path.trim()} loading={download.isPending}>
        Download
      </Button>
      {download.error ? (
        <Alert color="red" p="xs" role="alert">
          {errorMessage(download.error.code)}
        </Alert>
      ) : null}
    </PanelSection>
  );
}
