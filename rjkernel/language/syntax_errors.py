"""PowerShell's parse-error texts and ids, in one table.

The texts are PowerShell's own (``ParserStrings.resx``); users recognise them and scripts
match on the ids (``MissingEndCurlyBrace``). Keeping them verbatim and in one place lets
the tests assert them and keeps the parser free of message literals. The few situations
PowerShell has no text for (features rjkernel does not support) have their own ids,
named so that they cannot be mistaken for PowerShell's.

Whether an error is *incomplete input* is the parser's call, made the way PowerShell's
``ReportIncompleteInput`` makes it: only where more text could mend the cell, and only if
the error was detected at the end of the input (nothing but whitespace and comments after
it). ``is_complete`` answers ``incomplete`` for those and ``invalid`` for the rest.
"""

from __future__ import annotations

from ..errors import ParseError, parse_error

MESSAGES: dict[str, str] = {
    # brackets and blocks
    "MissingEndCurlyBrace": "Missing closing '}' in statement block or type definition.",
    "MissingEndParenthesisInExpression": "Missing closing ')' in expression.",
    "MissingEndParenthesisInSubexpression": "Missing closing ')' in subexpression.",
    "MissingEndParenthesisInMethodCall": "Missing ')' in method call.",
    "MissingEndSquareBracket": "Missing ']' after array index expression.",
    "MissingArrayIndexExpression": "Array index expression is missing or not valid.",
    "EndSquareBracketExpectedAtEndOfAttribute": "Missing ] at end of attribute or type literal.",
    "MissingTypename": "Missing type name after '['.",
    "ExpectedExpression": "An expression was expected after '('.",
    # strings, comments, variables
    "TerminatorExpectedAtEndOfString": "The string is missing the terminator: {0}.",
    "WhitespaceBeforeHereStringFooter": "White space is not allowed before the string terminator.",
    "UnexpectedCharactersAfterHereStringHeader": (
        "No characters are allowed after a here-string header but before the end of the line."
    ),
    "MissingTerminatorMultiLineComment": (
        "The terminator '#>' is missing from the multiline comment."
    ),
    "IncompleteString": "Incomplete string token.",
    "InvalidVariableReference": (
        "Variable reference is not valid. '$' was not followed by a valid variable name "
        "character. Consider using ${} to delimit the name."
    ),
    "EmptyVariableReference": (
        "An empty ${} variable reference was found. A name is required inside the braces."
    ),
    "IncompleteDollarVariableReference": (
        "${variable} reference starting is missing the closing '}'."
    ),
    "UnrecognizedToken": "Unrecognized token in source text.",
    # operators and expressions
    "UnexpectedToken": "Unexpected token '{0}' in expression or statement.",
    "ExpectedValueExpression": "You must provide a value expression following the '{0}' operator.",
    "MissingExpressionAfterToken": "Missing expression after '{0}'.",
    "MissingExpressionAfterOperator": "Missing expression after unary operator '{0}'.",
    "MissingPropertyName": "Missing property name after reference operator.",
    "UnexpectedAttribute": "Unexpected attribute '{0}'.",
    "MissingColonInTernaryExpression": "Missing ':' in the ternary expression.",
    "EmptyPipelineChainElement": "A pipeline chain operator must be followed by a pipeline.",
    "BackgroundOperatorInPipelineChain": (
        "Background operators can only be used at the end of a pipeline chain."
    ),
    "InvalidLeftHandSide": (
        "The assignment expression is not valid. The input to an assignment operator must be "
        "an object that is able to accept assignments, such as a variable or a property."
    ),
    "SplattingNotPermitted": (
        "The splatting operator '@' cannot be used to reference variables in an expression. "
        "'@{0}' can be used only as an argument to a command. To reference variables in an "
        "expression use '${0}'."
    ),
    # hash literals
    "IncompleteHashLiteral": "The hash literal was incomplete.",
    "DuplicateKeyInHashLiteral": "Duplicate keys '{0}' are not allowed in hash literals.",
    "MissingEqualsInHashLiteral": "Missing '=' operator after key in hash literal.",
    "MissingStatementInHashLiteral": "Missing statement after '=' in hash literal.",
    # pipelines and commands
    "EmptyPipeElement": "An empty pipe element is not allowed.",
    "ExpressionsMustBeFirstInPipeline": (
        "Expressions are only allowed as the first element of a pipeline."
    ),
    "MissingExpression": "Missing expression after '{0}' in pipeline element.",
    "MissingArgument": "Missing argument in parameter list.",
    "ParameterRequiresArgument": "Parameter {0} requires an argument.",
    "SplattingNotPermittedInArgumentList": (
        "Splatted variables like '@{0}' cannot be part of a comma-separated list of arguments."
    ),
    "MissingFileSpecification": "Missing file specification after redirection operator.",
    "RedirectionNotSupported": "The '{0}' operator is reserved for future use.",
    "StreamAlreadyRedirected": "The {0} for this command is already redirected.",
    "ScriptTooComplicated": "Processing was stopped because the script is too complex.",
    # functions, parameters, try/catch/finally, trap
    "MissingNameAfterKeyword": "Missing name after {0} keyword.",
    "MissingFunctionBody": "Missing function body in function declaration.",
    "MissingEndParenthesisInFunctionParameterList": "Missing ')' in function parameter list.",
    "MissingNamedStatementBlock": "Missing statement block after '{0}'.",
    "MissingNamedBlocks": (
        "unexpected token '{0}', expected 'begin', 'process', 'end', 'clean', or "
        "'dynamicparam'."
    ),
    "DuplicateFormalParameter": "Duplicate parameter ${0} in parameter list.",
    "InvalidFunctionParameter": (
        "Parameter declarations are a comma-separated list of variable names with optional "
        "initializer expressions."
    ),
    "OnlyOneParameterListAllowed": (
        "The param statement cannot be used if arguments were specified in the function "
        "declaration."
    ),
    "MissingCatchOrFinally": "The Try statement is missing its Catch or Finally block.",
    "MissingTryStatementBlock": "The Try statement is missing its statement block.",
    "MissingCatchHandlerBlock": "The Catch block is missing its statement block.",
    "MissingFinallyStatementBlock": "The Finally block is missing its statement block.",
    "MissingTypeLiteralToken": "Missing type literal.",
    "UsingMustBeAtStartOfScript": (
        "A 'using' statement must appear before any other statements in a script."
    ),
    "UsingNamespaceOnly": (
        "Only 'using namespace' statements are available; 'using module' and 'using "
        "assembly' are not."
    ),
    "MissingTrapStatement": (
        "The 'trap' statement was incomplete. A trap statement requires a body."
    ),
    # keyword statements
    "MissingOpenParenthesisInIfStatement": "Missing '(' after '{0}' in if statement.",
    "IfStatementMissingCondition": "Missing condition in if statement after '{0} ('.",
    "MissingEndParenthesisAfterStatement": (
        "Missing closing ')' after expression in '{0}' statement."
    ),
    "MissingStatementBlock": "Missing statement block after {0} ( condition ).",
    "MissingStatementBlockAfterElse": "Missing statement block after 'else' keyword.",
    "InvalidSwitchFlag": "The parameter {0} is not valid for the switch statement.",
    "PipelineValueRequired": (
        "A switch statement must have one of the following:  '-file file_name' or "
        "'( expression )'."
    ),
    "MissingEndParenthesisInSwitchStatement": "Missing ')' after expression in switch statement.",
    "MissingCurlyBraceInSwitchStatement": "Missing '{' in switch statement.",
    "MissingSwitchConditionExpression": "Missing condition in switch statement clause.",
    "MissingSwitchStatementClause": "Missing statement block in switch statement clause.",
    "MultipleSwitchDefaultClauses": "A switch statement can have only one default clause.",
    "MissingOpenParenthesisAfterKeyword": "Missing opening '(' after keyword '{0}'.",
    "MissingVariableNameAfterForeach": (
        "Missing variable name after foreach.\nThe correct form is: foreach ($a in $b) {...}"
    ),
    "MissingInInForeach": (
        "Missing 'in' after variable in foreach loop.\n"
        "The correct form is: foreach ($a in $b) {...}"
    ),
    "MissingForeachExpression": (
        "Missing expression in foreach loop.\nThe correct form is: foreach ($a in $b) {...}"
    ),
    "MissingEndParenthesisAfterForeach": (
        "Missing closing ')' after expression part of foreach loop.\n"
        "The correct form is: foreach ($a in $b) {...}"
    ),
    "MissingForeachStatement": (
        "Missing statement body in foreach loop.\nThe correct form is: foreach ($a in $b) {...}"
    ),
    "InvalidForeachFlag": "The parameter {0} is not valid for the foreach statement.",
    "MissingLoopStatement": "Missing statement body in {0} loop.",
    "MissingExpressionAfterKeyword": "Missing expression after '{0}' in loop.",
    "MissingWhileOrUntilInDoWhile": "Missing while or until keyword in do loop.",
    "MissingFilenameOption": (
        "Cannot process the 'switch' statement because of a missing file name argument to "
        "the -file option."
    ),
    # rjkernel's own: PowerShell syntax the kernel does not run
    "TypeDefinitionNotSupported": (
        "rjkernel does not define classes or enums ({0}); use [pscustomobject]@{…} for "
        "records and [ValidateSet()] or a hashtable for a fixed set of values."
    ),
    "StaticMemberAccessNotSupported": (
        "Static member access ('::') needs a type on its left, as in [datetime]::Now."
    ),
}


def syntax_error(
    source: str, error_id: str, start: int, end: int, *args: str, incomplete: bool = False
) -> ParseError:
    """The ParseError for ``error_id`` with its ``{0}``… placeholders filled from ``args``.

    Placeholders are replaced literally (not with ``str.format``) because several texts
    contain braces of their own (``${}``).
    """
    message = MESSAGES[error_id]
    for index, arg in enumerate(args):
        message = message.replace(f"{{{index}}}", arg)
    return parse_error(message, error_id, source, start, end, incomplete=incomplete)
