"use client";

import dynamic from "next/dynamic";
import { useMemo } from "react";
import { useTheme } from "next-themes";
import { javascript } from "@codemirror/lang-javascript";
import { json } from "@codemirror/lang-json";
import { EditorView } from "@uiw/react-codemirror";
import { cn } from "@/components/ui/utils";

const CodeMirror = dynamic(() => import("@uiw/react-codemirror"), {
  ssr: false,
  loading: () => <div className="h-full min-h-24 animate-pulse rounded-md bg-muted/60" />,
});

interface CodeEditorProps {
  value: string;
  onChange?: (value: string) => void;
  language: "javascript" | "json";
  disabled?: boolean;
  invalid?: boolean;
  minHeight?: string;
  maxHeight?: string;
  testId?: string;
  id?: string;
}

/** CodeMirror (bundled locally) themed like the inputs. */
export function CodeEditor({ value, onChange, language, disabled, invalid, minHeight = "96px", maxHeight = "360px", testId, id }: CodeEditorProps) {
  const { resolvedTheme } = useTheme();
  const extensions = useMemo(
    () => [language === "json" ? json() : javascript(), EditorView.lineWrapping, EditorView.contentAttributes.of({ "aria-label": language === "json" ? "JSON editor" : "Code editor" })],
    [language],
  );
  return (
    <div
      id={id}
      data-testid={testId}
      aria-invalid={invalid || undefined}
      className={cn(
        "overflow-hidden rounded-md border border-input text-[12.5px] shadow-xs focus-within:border-ring focus-within:ring-3 focus-within:ring-ring/20",
        invalid && "border-destructive",
        disabled && "opacity-80",
      )}
    >
      <CodeMirror
        value={value}
        onChange={onChange}
        extensions={extensions}
        theme={resolvedTheme === "dark" ? "dark" : "light"}
        editable={!disabled}
        readOnly={disabled}
        minHeight={minHeight}
        maxHeight={maxHeight}
        basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: !disabled, highlightActiveLineGutter: false, autocompletion: language === "javascript" }}
      />
    </div>
  );
}
