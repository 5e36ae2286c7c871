/** What every handler module shares: the connection, the open documents, the service, settings and the client's features. */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentInput, JenkinsfileLanguageService, NodeHost } from '../service';
import { isPodFileDocument, type OpenPodFiles } from './podFiles';
import type { ClientFeatures } from './clientFeatures';
import type { PositionCodec } from './positions';
import type { SettingsStore } from './settings';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: JenkinsfileLanguageService;
  readonly settings: SettingsStore;
  /** Where `yamlFile` pods are read and which Jenkinsfiles read them. */
  readonly host: NodeHost;
  /** Pod YAML files the client has open (served as pod files, not as Jenkinsfiles). */
  readonly podFiles: OpenPodFiles;
  /** Set in `initialize`. */
  features: ClientFeatures;
  /** Converts positions between the service (UTF-16) and the negotiated encoding; set in `initialize`. */
  positions: PositionCodec;
  readonly log: (message: string) => void;
}

/** The service's input for an open Jenkinsfile, or undefined when the client has not opened it (or it is a pod YAML file). */
export function documentInput(context: ServerContext, uri: string): DocumentInput | undefined {
  const document = context.documents.get(uri);
  return document && !isPodFileDocument(document) ? { uri, text: document.getText(), version: document.version } : undefined;
}
