" Vim syntax file (Vim and Neovim)
" Language: cutover plans and policy packs (.cut)
" The grammar is grammar/cut.hpp; docs/language.md describes it.
if exists('b:current_syntax')
  finish
endif
let s:cpo_save = &cpo
set cpo&vim

" Identifiers may hold hyphens: LYNC-ARC-001 and pool-01 are one word.
syntax iskeyword @,48-57,_,-
syntax case match

" Plain words and numbers; a later rule wins over an earlier one at the same
" position, and a keyword wins over both.
syntax match cutIdentifier /\h[A-Za-z0-9_]*\%(-[A-Za-z0-9_]\+\)*/ contains=NONE
syntax match cutNumber /\<\d\+\>/
syntax match cutVersion /\<\d\+\%(\.\d\+\)\+\>/
syntax match cutOperator /==\|!=\|<=\|>=\|<\|>/
" After a dot any word is an attribute name (c.users, step.count).
syntax match cutAccessor /\.\s*\h[A-Za-z0-9_]*\%(-[A-Za-z0-9_]\+\)*/ contains=NONE

" A deployment item starts with its role: ROLE NAME {...}.
syntax match cutRole /^\s*\zs\h[A-Za-z0-9_-]*\ze\s\+\h/ nextgroup=cutDeclaration skipwhite
syntax match cutDeclaration /\h[A-Za-z0-9_-]*/ contained
syntax match cutDeployRole /\h[A-Za-z0-9_-]*/ contained nextgroup=cutDeclaration skipwhite
syntax match cutPolicyDeclaration /\h[A-Za-z0-9_-]*/ contained nextgroup=cutSeverity skipwhite
syntax match cutPolicyId /\h[A-Za-z0-9_-]*/ contained

" Policies: binders (x: kind | kind), calls of the built-in functions.
syntax match cutBinder /\<\h[A-Za-z0-9_-]*\ze\s*:/
syntax match cutKinds /:\s*\h[A-Za-z0-9_-]*\%(\s*|\s*\h[A-Za-z0-9_-]*\)*/ contains=cutKind
syntax match cutKind /\h[A-Za-z0-9_-]*/ contained
syntax match cutFunction /\<\%(critical\|confirmed\|final\|initial\|len\|pinned\)\ze\s*(/

" Attribute lists, on one line as `cutover fmt` writes them: { key value, ... }.
syntax region cutAttributes matchgroup=cutDelimiter start=/{\ze[^{}]*}/ end=/}/ oneline
      \ contains=cutAttributeKey,cutString,cutNumber,cutVersion,cutBoolean,cutIdentifier,cutComment
syntax match cutAttributeKey /\%({\|,\)\@<=\s*\zs\h[A-Za-z0-9_-]*\ze\s\+[^,} \t]/ contained

" Keywords. `critical` and `pinned` are also functions: keywords only when
" no '(' follows.
syntax keyword cutItem use
syntax keyword cutItem deployment site migration phase vocabulary data nextgroup=cutDeclaration skipwhite
syntax keyword cutItem policy nextgroup=cutPolicyDeclaration skipwhite
syntax keyword cutItem waive nextgroup=cutPolicyId skipwhite
syntax match cutItem /\<critical\>\%(\s*(\)\@!/
syntax keyword cutVocabulary roles services tags symbols
syntax match cutVocabulary /\<pinned\>\%(\s*(\)\@!/
syntax keyword cutStep decommission move enable disable set backup migrate confirm
syntax keyword cutStep deploy nextgroup=cutDeployRole skipwhite
syntax keyword cutParticle all users from to after of until
syntax keyword cutClause when for on where require message hint source
syntax keyword cutLogical and or not in
syntax keyword cutQuantifier exists no count
syntax keyword cutBoolean true false
syntax keyword cutNone none
syntax keyword cutSeverity error warning info
syntax keyword cutStepVariable step

" Strings: escapes \" \\ \n \t; in messages and hints {var} is replaced and
" {{ }} print braces.
syntax region cutString start=/"/ skip=/\\\\\|\\"/ end=/"\|$/ oneline contains=cutEscape,cutEscapeError,cutPlaceholder,cutBraceEscape
syntax match cutEscapeError /\\./ contained
syntax match cutEscape /\\[\\"nt]/ contained
syntax match cutBraceEscape /{{\|}}/ contained
syntax match cutPlaceholder /{\s*\h[A-Za-z0-9_-]*\%(\s*\.\s*\h[A-Za-z0-9_-]*\)*\s*}/ contained

" Comments, and the expectations of `cutover test`: # expect: ID [entity...], ...
syntax match cutComment /#.*$/ contains=cutTodo,@Spell
syntax match cutExpect /# expect:.*$/ contains=cutExpectTag,cutExpectId
syntax match cutExpectTag /# \zsexpect:/ contained
syntax match cutExpectId /\%(expect:\|,\)\@<=\s*\zs\h[A-Za-z0-9_-]*/ contained
syntax keyword cutTodo TODO FIXME XXX NOTE contained

syntax sync minlines=50

highlight default link cutComment Comment
highlight default link cutTodo Todo
highlight default link cutExpect Comment
highlight default link cutExpectTag SpecialComment
highlight default link cutExpectId Constant
highlight default link cutString String
highlight default link cutEscape SpecialChar
highlight default link cutBraceEscape SpecialChar
highlight default link cutEscapeError Error
highlight default link cutPlaceholder Special
highlight default link cutNumber Number
highlight default link cutVersion Float
highlight default link cutBoolean Boolean
highlight default link cutNone Constant
highlight default link cutItem Keyword
highlight default link cutVocabulary Keyword
highlight default link cutStep Statement
highlight default link cutParticle Keyword
highlight default link cutClause Keyword
highlight default link cutLogical Operator
highlight default link cutQuantifier Operator
highlight default link cutOperator Operator
highlight default link cutSeverity Exception
highlight default link cutStepVariable Identifier
highlight default link cutRole Type
highlight default link cutKind Type
highlight default link cutDeclaration Function
highlight default link cutDeployRole Type
highlight default link cutPolicyDeclaration Function
highlight default link cutPolicyId Constant
highlight default link cutBinder Identifier
highlight default link cutFunction Function
highlight default link cutAttributeKey Identifier
highlight default link cutAccessor Identifier
highlight default link cutDelimiter Delimiter
highlight default link cutIdentifier NONE

let b:current_syntax = 'cut'
let &cpo = s:cpo_save
unlet s:cpo_save
